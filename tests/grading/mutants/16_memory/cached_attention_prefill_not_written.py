"The prompt (T_new > 1) is attended to directly but never written to the cache: later tokens cannot see it."
REPLACES = "cached_attention"
FAILS = ["test_cached_attention", "test_cached_forward", "test_generate"]


def cached_attention(attn, x_new, cache, layer):
    x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    H = attn.n_heads
    q, k, v = (split_heads(proj(x_new).data, H) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    t_new = q.shape[2]
    if t_new == 1:                                     # BUG: only single tokens go into the cache
        start = cache.layer_length(layer)
        cache.append(layer, k, v)
        keys, values = cache.get(layer)
    else:
        start, keys, values = 0, k, v
    scores = kernel_matmul(q, keys.transpose(0, 1, 3, 2), kind="attention") * (1.0 / math.sqrt(q.shape[-1]))
    if t_new > 1:
        scores[:, :, future_mask(t_new, start)] = -np.inf
    return attn.out_proj(Tensor(merge_heads(kernel_matmul(softmax_lastaxis(scores), values, kind="attention"))))
