"No causal mask at all: right for single tokens, but a prompt's positions see their future."
REPLACES = "cached_attention"
FAILS = ["test_cached_attention", "test_cached_forward", "test_generate"]


def cached_attention(attn, x_new, cache, layer):
    x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    H = attn.n_heads
    q, k, v = (split_heads(proj(x_new).data, H) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    cache.append(layer, k, v)
    keys, values = cache.get(layer)
    scores = kernel_matmul(q, keys.transpose(0, 1, 3, 2), kind="attention") * (1.0 / math.sqrt(q.shape[-1]))  # BUG: future_mask never applied
    return attn.out_proj(Tensor(merge_heads(kernel_matmul(softmax_lastaxis(scores), values, kind="attention"))))
