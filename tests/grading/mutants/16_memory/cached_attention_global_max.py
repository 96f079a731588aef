"Own softmax subtracting ONE max over the whole score array: rows far below it (a sequence of small norm next to one of large norm) underflow to 0/0 = nan. The spec asks for each row's own max."
REPLACES = "cached_attention"
FAILS = ["test_cached_attention"]


def cached_attention(attn, x_new, cache, layer):
    x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    H = attn.n_heads
    q, k, v = (split_heads(proj(x_new).data, H) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    start = cache.layer_length(layer)
    cache.append(layer, k, v)
    keys, values = cache.get(layer)
    t_new = q.shape[2]
    scores = kernel_matmul(q, keys.transpose(0, 1, 3, 2), kind="attention") * (1.0 / math.sqrt(q.shape[-1]))
    if t_new > 1:
        scores[:, :, future_mask(t_new, start)] = -np.inf
    weights = np.exp(scores - scores.max())                      # BUG: global max, not each row's max
    weights /= weights.sum(axis=-1, keepdims=True)
    return attn.out_proj(Tensor(merge_heads(weights @ values)))
