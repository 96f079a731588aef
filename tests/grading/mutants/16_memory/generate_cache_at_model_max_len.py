"The cache is made with kv_cache_for(model, B), i.e. model.max_len positions, whatever the prompt and max_new_tokens: memory for positions never used (spec: a cache with kv_cache_for(model, B, T0 + max_new_tokens), no larger)."
REPLACES = "generate"
FAILS = ["test_generate"]


def generate(model, prompt_tokens, max_new_tokens, use_cache=True, temperature=0.0, seed=None):
    prompt = np.asarray(prompt_tokens)
    max_new_tokens = _check_size("max_new_tokens", max_new_tokens, minimum=0)
    if prompt.ndim not in (1, 2) or prompt.shape[-1] < 1 or prompt.dtype.kind not in "iu":
        raise ValueError(f"generate: bad prompt {prompt.shape} {prompt.dtype}")
    if not temperature >= 0:
        raise ValueError(f"generate: temperature must be >= 0, got {temperature}")
    rows = prompt.reshape(-1, prompt.shape[-1])
    batch, t0 = rows.shape
    total = t0 + max_new_tokens
    if total > model.max_len:
        raise ValueError(f"generate: {total} positions exceed max_len={model.max_len}")
    rng = np.random.default_rng(seed)
    out = np.empty((batch, total), dtype=np.int64)
    out[:, :t0] = rows
    cache = kv_cache_for(model, batch) if use_cache else None             # BUG: model.max_len positions
    with no_grad():
        for t in range(t0, total):
            if cache is not None:
                logits = cached_forward(model, out[:, cache.length:t], cache)
            else:
                logits = model.forward(out[:, :t])
            out[:, t] = next_token(logits.data[:, -1], temperature, rng)
    return out[0] if prompt.ndim == 1 else out
