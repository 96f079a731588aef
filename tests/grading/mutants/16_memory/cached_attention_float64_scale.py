"The scale is a NumPy float64 scalar (1 / np.sqrt(head_dim)): NumPy 2 promotes the scores, and the output, to float64."
REPLACES = "cached_attention"
FAILS = ["test_cached_attention", "test_cached_forward"]


def cached_attention(attn, x_new, cache, layer):
    x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    H = attn.n_heads
    q, k, v = (split_heads(proj(x_new).data, H) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    start = cache.layer_length(layer)
    cache.append(layer, k, v)
    keys, values = cache.get(layer)
    t_new = q.shape[2]
    scores = kernel_matmul(q, keys.transpose(0, 1, 3, 2), kind="attention") * (1 / np.sqrt(q.shape[-1]))    # BUG: np.float64 scalar
    if t_new > 1:
        scores[:, :, future_mask(t_new, start)] = -np.inf
    return attn.out_proj(Tensor(merge_heads(kernel_matmul(softmax_lastaxis(scores), values, kind="attention"))))
