# Alternative: its own numerically stable softmax in float64 (masked to -inf with np.where first, then each row's max
# subtracted), cast back to float32; a float32 scale. Must pass the large-score checks like the given helper.
### BEGIN SOLUTION
x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
H = attn.n_heads
q = split_heads(attn.q_proj(x_new).data, H)
k = split_heads(attn.k_proj(x_new).data, H)
v = split_heads(attn.v_proj(x_new).data, H)
start = cache.layer_length(layer)
cache.append(layer, k, v)
keys, values = cache.get(layer)
scores = kernel_matmul(q, np.swapaxes(keys, -1, -2), kind="attention").astype(np.float64) / math.sqrt(q.shape[-1])
scores = np.where(future_mask(q.shape[2], start), -np.inf, scores)
weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
weights = (weights / weights.sum(axis=-1, keepdims=True)).astype(np.float32)
return attn.out_proj(Tensor(merge_heads(kernel_matmul(weights, values, kind="attention"))))
### END SOLUTION
