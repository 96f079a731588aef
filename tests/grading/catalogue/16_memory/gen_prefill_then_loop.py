# CELL: generate
# EXPECT: correct
# WHY: explicit prefill before the loop, then one new token per iteration; separate uncached loop; same rng call order
#| export
def generate(model, prompt_tokens, max_new_tokens: int, use_cache: bool = True, temperature: float = 0.0,
             seed=None) -> np.ndarray:
    """Autoregressive generation: prompt (T0,) or (B, T0) int -> prompt + max_new_tokens new tokens, int64, same rank.

    use_cache=True: cached_forward on the prompt (prefill), then on each new token alone (T0 + max_new_tokens - 1
    tokens processed in all). use_cache=False: model.forward on the whole sequence at every step. Same tokens.
    """
    p = np.asarray(prompt_tokens)
    n_new = _check_size("max_new_tokens", max_new_tokens, minimum=0)
    if p.ndim not in (1, 2) or p.size == 0 or p.shape[-1] == 0 or p.dtype.kind not in "iu":
        raise ValueError(f"generate: bad prompt shape {p.shape} / dtype {p.dtype}")
    if temperature < 0:
        raise ValueError(f"generate: temperature must be >= 0, got {temperature}")
    seqs = np.atleast_2d(p).astype(np.int64)
    B, T0 = seqs.shape
    if T0 + n_new > model.max_len:
        raise ValueError(f"generate: {T0 + n_new} tokens exceed max_len={model.max_len}")
    rng = np.random.default_rng(seed)
    tokens = [seqs[:, i] for i in range(T0)]
    with no_grad():
        if n_new > 0 and use_cache:
            cache = kv_cache_for(model, B, T0 + n_new)
            logits = cached_forward(model, seqs, cache)
            for step in range(n_new):
                nxt = next_token(logits.data[:, -1], temperature, rng)
                tokens.append(nxt)
                if step < n_new - 1:
                    logits = cached_forward(model, nxt[:, None], cache)
        elif n_new > 0:
            for _ in range(n_new):
                logits = model.forward(np.stack(tokens, axis=1))
                tokens.append(next_token(logits.data[:, -1], temperature, rng))
    result = np.stack(tokens, axis=1).astype(np.int64)
    return result[0] if p.ndim == 1 else result
