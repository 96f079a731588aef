# CELL: cached_attention
# EXPECT: wrong
# WHY: uses cache.length (min over all layers) as start instead of cache.layer_length(layer): wrong mask/append offset when layers are filled unevenly
#| export
def cached_attention(attn, x_new, cache: KVCache, layer: int) -> Tensor:
    """Causal multi-head attention of the T_new new positions x_new (B, T_new, d_model) over all positions cached for
    `layer` plus themselves; appends their keys/values to the cache. Returns a Tensor (B, T_new, d_model) float32,
    equal to rows [start, start + T_new) of `attn` on the whole sequence (start = cache.layer_length(layer))."""
    x_new = x_new if isinstance(x_new, Tensor) else Tensor(x_new)
    H = attn.n_heads
    q = split_heads(attn.q_proj(x_new).data, H)
    k = split_heads(attn.k_proj(x_new).data, H)
    v = split_heads(attn.v_proj(x_new).data, H)
    start = cache.length
    cache.append(layer, k, v)
    keys, values = cache.get(layer)
    t_new = q.shape[2]
    scores = kernel_matmul(q, keys.transpose(0, 1, 3, 2), kind="attention") * (1.0 / math.sqrt(q.shape[-1]))
    if t_new > 1:
        scores[:, :, future_mask(t_new, start)] = -np.inf
    context = kernel_matmul(softmax_lastaxis(scores), values, kind="attention")
    return attn.out_proj(Tensor(merge_heads(context)))
