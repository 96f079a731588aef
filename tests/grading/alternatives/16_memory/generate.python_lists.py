# Alternative: tokens kept in Python lists (one per sequence), the cache fed from the list tails, converted to int64 at
# the end; the prompt is copied, never written.
### BEGIN SOLUTION
arr = np.asarray(prompt_tokens)
n = _check_size("max_new_tokens", max_new_tokens, minimum=0)
if arr.ndim not in (1, 2) or arr.shape[-1] == 0 or not np.issubdtype(arr.dtype, np.integer):
    raise ValueError(f"generate: the prompt must be a non-empty integer array (T0,) or (B, T0), got {arr.shape} "
                     f"{arr.dtype}")
if not temperature >= 0:
    raise ValueError(f"generate: temperature must be >= 0, got {temperature}")
seqs = [list(map(int, row)) for row in np.atleast_2d(arr)]
t0 = len(seqs[0])
if t0 + n > model.max_len:
    raise ValueError(f"generate: {t0 + n} positions exceed max_len={model.max_len}")
rng = np.random.default_rng(seed)
cache = kv_cache_for(model, len(seqs), t0 + n) if use_cache else None
with no_grad():
    for _ in range(n):
        if use_cache:
            logits = cached_forward(model, np.array([s[cache.length:] for s in seqs], dtype=np.int64), cache)
        else:
            logits = model.forward(np.array(seqs, dtype=np.int64))
        for s, tok in zip(seqs, next_token(logits.data[:, -1], temperature, rng)):
            s.append(int(tok))
result = np.array(seqs, dtype=np.int64)
return result[0] if arr.ndim == 1 else result
### END SOLUTION
