"With use_cache, each step builds a fresh cache and feeds the whole sequence: correct tokens, no saving at all."
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
    if t0 + max_new_tokens > model.max_len:
        raise ValueError(f"generate: exceeds max_len={model.max_len}")
    rng = np.random.default_rng(seed)
    out = rows.astype(np.int64)
    with no_grad():
        for _ in range(max_new_tokens):
            if use_cache:
                cache = kv_cache_for(model, batch, t0 + max_new_tokens)   # BUG: a new cache every step
                logits = cached_forward(model, out, cache)
            else:
                logits = model.forward(out)
            out = np.concatenate([out, next_token(logits.data[:, -1], temperature, rng)[:, None]], axis=1)
    return out[0] if prompt.ndim == 1 else out
