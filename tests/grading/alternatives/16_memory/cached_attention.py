# Alternative: einsum for scores and context, the causal mask built from absolute positions and applied with
# np.where, always (also for a single new token).
### BEGIN SOLUTION
if not isinstance(x_new, Tensor):
    x_new = Tensor(x_new)
q, k, v = (split_heads(proj(x_new).data, attn.n_heads) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
offset = cache.layer_length(layer)
cache.append(layer, k, v)
keys, values = cache.get(layer)
scale = np.float32(1.0 / np.sqrt(q.shape[-1]))
scores = np.einsum("bhqd,bhkd->bhqk", q, keys) * scale
future = np.arange(keys.shape[2])[None, :] > offset + np.arange(q.shape[2])[:, None]
scores = np.where(future, np.float32(-np.inf), scores)
context = np.einsum("bhqk,bhkd->bhqd", softmax_lastaxis(scores), values)
return attn.out_proj(Tensor(merge_heads(context)))
### END SOLUTION
