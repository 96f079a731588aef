# Alternative: np.swapaxes for keys^T, the causal mask built from absolute positions and applied with np.where,
# always (also for a single new token); both products through kernel_matmul(..., kind="attention").
### BEGIN SOLUTION
if not isinstance(x_new, Tensor):
    x_new = Tensor(x_new)
q, k, v = (split_heads(proj(x_new).data, attn.n_heads) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
offset = cache.layer_length(layer)
cache.append(layer, k, v)
keys, values = cache.get(layer)
scale = np.float32(1.0 / np.sqrt(q.shape[-1]))
scores = kernel_matmul(q, np.swapaxes(keys, -1, -2), kind="attention") * scale
future = np.arange(keys.shape[2])[None, :] > offset + np.arange(q.shape[2])[:, None]
scores = np.where(future, np.float32(-np.inf), scores)
context = kernel_matmul(softmax_lastaxis(scores), values, kind="attention")
return attn.out_proj(Tensor(merge_heads(context)))
### END SOLUTION
