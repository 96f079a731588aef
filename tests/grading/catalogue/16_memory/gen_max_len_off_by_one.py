# CELL: generate
# EXPECT: wrong
# WHY: rejects T0 + max_new_tokens == model.max_len (uses >=): the spec only forbids exceeding max_len
#| export
def generate(model, prompt_tokens, max_new_tokens: int, use_cache: bool = True, temperature: float = 0.0,
             seed=None) -> np.ndarray:
    """Autoregressive generation: prompt (T0,) or (B, T0) int -> prompt + max_new_tokens new tokens, int64, same rank.

    use_cache=True: cached_forward on the prompt (prefill), then on each new token alone (T0 + max_new_tokens - 1
    tokens processed in all). use_cache=False: model.forward on the whole sequence at every step. Same tokens.
    """
    prompt = np.asarray(prompt_tokens)
    max_new_tokens = _check_size("max_new_tokens", max_new_tokens, minimum=0)
    if prompt.ndim not in (1, 2) or prompt.shape[-1] < 1 or prompt.dtype.kind not in "iu":
        raise ValueError(f"generate: prompt must be a non-empty integer array (T0,) or (B, T0), "
                         f"got shape {prompt.shape} dtype {prompt.dtype}")
    if not temperature >= 0:
        raise ValueError(f"generate: temperature must be >= 0, got {temperature}")
    rows = prompt.reshape(-1, prompt.shape[-1])
    batch, t0 = rows.shape
    total = t0 + max_new_tokens
    if total >= model.max_len:
        raise ValueError(f"generate: {total} positions exceed the model's max_len={model.max_len}")
    rng = np.random.default_rng(seed)
    out = np.empty((batch, total), dtype=np.int64)
    out[:, :t0] = rows
    cache = kv_cache_for(model, batch, total) if use_cache else None
    with no_grad():
        for t in range(t0, total):
            if cache is not None:
                logits = cached_forward(model, out[:, cache.length:t], cache)
            else:
                logits = model.forward(out[:, :t])
            out[:, t] = next_token(logits.data[:, -1], temperature, rng)
    return out[0] if prompt.ndim == 1 else out
