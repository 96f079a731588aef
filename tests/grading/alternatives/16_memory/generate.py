# Alternative: separate cached / uncached loops that append new columns (np.concatenate) instead of filling a
# preallocated output; the prefill happens before the loop.
### BEGIN SOLUTION
prompt = np.asarray(prompt_tokens)
n_new = _check_size("max_new_tokens", max_new_tokens, minimum=0)
if prompt.ndim not in (1, 2) or prompt.size == 0 or not np.issubdtype(prompt.dtype, np.integer):
    raise ValueError(f"generate: prompt must be a non-empty integer array (T0,) or (B, T0), "
                     f"got shape {prompt.shape} dtype {prompt.dtype}")
if np.isnan(temperature) or temperature < 0:
    raise ValueError(f"generate: temperature must be >= 0, got {temperature}")
seq = np.atleast_2d(prompt).astype(np.int64)
batch, t0 = seq.shape
if t0 + n_new > model.max_len:
    raise ValueError(f"generate: {t0} prompt + {n_new} new tokens = {t0 + n_new} positions exceed the "
                     f"model's max_len={model.max_len}")
rng = np.random.default_rng(seed)
with no_grad():
    if use_cache and n_new > 0:
        cache = kv_cache_for(model, batch, t0 + n_new)
        logits = cached_forward(model, seq, cache)                       # prefill
        for step in range(n_new):
            new = next_token(logits.data[:, -1], temperature, rng).astype(np.int64).reshape(batch, 1)
            seq = np.concatenate([seq, new], axis=1)
            if step < n_new - 1:                                          # the last token is never fed back
                logits = cached_forward(model, new, cache)
    elif not use_cache:
        for _ in range(n_new):
            new = next_token(model.forward(seq).data[:, -1], temperature, rng).astype(np.int64)
            seq = np.concatenate([seq, new.reshape(batch, 1)], axis=1)
return seq[0] if prompt.ndim == 1 else seq
### END SOLUTION
