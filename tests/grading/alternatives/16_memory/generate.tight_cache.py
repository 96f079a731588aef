# Alternative: the cache is a KVCache built directly (no kv_cache_for) with the smallest size that works,
# T0 + max_new_tokens - 1 positions (the last token is never fed back), and only when there is something to
# generate; a separate `with no_grad():` around each model call instead of one around the loop.
### BEGIN SOLUTION
prompt = np.asarray(prompt_tokens)
n_new = _check_size("max_new_tokens", max_new_tokens, minimum=0)
if prompt.ndim not in (1, 2) or prompt.shape[-1] == 0 or prompt.dtype.kind not in "iu":
    raise ValueError(f"generate: the prompt must be a non-empty integer array (T0,) or (B, T0), got {prompt.shape} "
                     f"{prompt.dtype}")
if temperature < 0:
    raise ValueError(f"generate: temperature must be >= 0, got {temperature}")
seqs = prompt.reshape(-1, prompt.shape[-1]).astype(np.int64)
batch, t0 = seqs.shape
if t0 + n_new > model.max_len:
    raise ValueError(f"generate: {t0 + n_new} positions exceed max_len={model.max_len}")
rng = np.random.default_rng(seed)
cache = None
if use_cache and n_new > 0:
    attn = model.blocks[0].attn
    cache = KVCache(len(model.blocks), batch, attn.n_heads, attn.q_proj.out_features // attn.n_heads,
                    t0 + n_new - 1)
feed = seqs
for _ in range(n_new):
    if cache is not None:
        with no_grad():
            logits = cached_forward(model, feed, cache)
    else:
        with no_grad():
            logits = model.forward(seqs)
    new = next_token(logits.data[:, -1], temperature, rng)[:, None]
    seqs = np.concatenate([seqs, new], axis=1)
    feed = new
return seqs[0] if prompt.ndim == 1 else seqs
### END SOLUTION
