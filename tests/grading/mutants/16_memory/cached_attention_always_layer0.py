"Keys and values always go to cache layer 0, whatever `layer` says."
REPLACES = "cached_attention"
FAILS = ["test_cached_attention", "test_cached_forward"]


def cached_attention(attn, x_new, cache, layer):
    x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    H = attn.n_heads
    q, k, v = (split_heads(proj(x_new).data, H) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    start = cache.layer_length(0)
    cache.append(0, k, v)                              # BUG: layer ignored
    keys, values = cache.get(0)
    t_new = q.shape[2]
    scores = kernel_matmul(q, keys.transpose(0, 1, 3, 2), kind="attention") * (1.0 / math.sqrt(q.shape[-1]))
    if t_new > 1:
        scores[:, :, future_mask(t_new, start)] = -np.inf
    return attn.out_proj(Tensor(merge_heads(kernel_matmul(softmax_lastaxis(scores), values, kind="attention"))))
