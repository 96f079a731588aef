# CELL: cached_attention
# EXPECT: wrong
# WHY: the products go through kernel_matmul but keep the default kind "float": a backend cannot tell attention from a Linear layer
#| export
def cached_attention(attn, x_new, cache: KVCache, layer: int) -> Tensor:
    """Causal multi-head attention of the T_new new positions x_new (B, T_new, d_model) over all positions cached for
    `layer` plus themselves; appends their keys/values to the cache. Returns a Tensor (B, T_new, d_model) float32,
    equal to rows [start, start + T_new) of `attn` on the whole sequence (start = cache.layer_length(layer))."""
    x = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    heads = attn.n_heads
    q, k, v = (split_heads(proj(x).data, heads) for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    start = cache.layer_length(layer)
    cache.append(layer, k, v)
    keys, values = cache.get(layer)
    scale = 1.0 / math.sqrt(q.shape[-1])
    scores = kernel_matmul(q, np.swapaxes(keys, -1, -2)) * scale
    scores = np.where(future_mask(q.shape[2], start), np.float32(-np.inf), scores)
    out = kernel_matmul(softmax_lastaxis(scores), values)
    return attn.out_proj(Tensor(merge_heads(out)))
