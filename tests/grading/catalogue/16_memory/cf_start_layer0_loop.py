# CELL: cached_forward
# EXPECT: correct
# WHY: reads start as cache.layer_length(0) before the loop (equal to cache.length before any append) and indexes model.blocks by range
#| export
def cached_forward(model, tokens_new, cache: KVCache) -> Tensor:
    """Logits (B, T_new, vocab) float32 of the new tokens (B, T_new) int, which follow the `cache.length` tokens
    already cached; equal to model.forward(whole sequence)[:, -T_new:]. Appends T_new positions to every layer."""
    ids = np.asarray(tokens_new)
    if ids.ndim != 2 or ids.shape[1] < 1:
        raise ValueError(f"cached_forward: expected (B, T_new) tokens, got {ids.shape}")
    t_new = ids.shape[1]
    start = cache.length
    if start + t_new > model.max_len:
        raise ValueError(f"cached_forward: {start + t_new} positions exceed max_len={model.max_len}")
    positions = start + np.arange(t_new)
    with no_grad():
        h = model.tok_emb(ids) + model.pos_emb(positions)
        for i in range(len(model.blocks)):
            blk = model.blocks[i]
            h = h + cached_attention(blk.attn, blk.ln1(h), cache, i)
            h = h + blk.mlp(blk.ln2(h))
        logits = model.head(model.ln_f(h))
    return logits
