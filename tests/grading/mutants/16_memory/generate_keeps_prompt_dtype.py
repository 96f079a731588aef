"The output array takes the prompt's dtype (np.empty(..., dtype=prompt.dtype)): an int32 prompt gives int32 tokens (spec: int64 whatever integer dtype the prompt has)."
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
        raise ValueError(f"generate: exceeds max_len={model.max_len}")
    rng = np.random.default_rng(seed)
    out = np.empty((batch, total), dtype=prompt.dtype)                     # BUG: int64 always
    out[:, :t0] = rows
    cache = kv_cache_for(model, batch, total) if use_cache else None
    with no_grad():
        for t in range(t0, total):
            logits = cached_forward(model, out[:, cache.length:t], cache) if cache else model.forward(out[:, :t])
            out[:, t] = next_token(logits.data[:, -1], temperature, rng)
    return out[0] if prompt.ndim == 1 else out
