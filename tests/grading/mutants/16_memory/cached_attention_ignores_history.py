"The new keys/values are appended, but the queries attend only to the new positions, not to the cached past."
REPLACES = "cached_attention"
FAILS = ["test_cached_attention", "test_cached_forward", "test_generate"]


def cached_attention(attn, x_new, cache, layer):
    x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    H = attn.n_heads
    q, k, v = (split_heads(proj(x_new).data, H) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    cache.append(layer, k, v)
    t_new = q.shape[2]
    scores = (q @ k.transpose(0, 1, 3, 2)) * (1.0 / math.sqrt(q.shape[-1]))    # BUG: k, not cache.get(layer)
    if t_new > 1:
        scores[:, :, future_mask(t_new, 0)] = -np.inf
    return attn.out_proj(Tensor(merge_heads(softmax_lastaxis(scores) @ v)))
