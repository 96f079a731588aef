# CELL: cached_forward
# EXPECT: wrong
# WHY: no max_len check: past the end the position lookup fails with an IndexError (or the cache's error) instead of ValueError mentioning max_len
#| export
def cached_forward(model, tokens_new, cache: KVCache) -> Tensor:
    """Logits (B, T_new, vocab) float32 of the new tokens (B, T_new) int, which follow the `cache.length` tokens
    already cached; equal to model.forward(whole sequence)[:, -T_new:]. Appends T_new positions to every layer."""
    tokens = np.asarray(tokens_new)
    if tokens.ndim != 2 or tokens.shape[1] < 1:
        raise ValueError(f"cached_forward: tokens_new must have shape (B, T_new) with T_new >= 1, got {tokens.shape}")
    start, t_new = cache.length, tokens.shape[1]
    with no_grad():
        x = model.tok_emb(tokens) + model.pos_emb(np.arange(start, start + t_new))
        for layer, block in enumerate(model.blocks):
            x = x + cached_attention(block.attn, block.ln1(x), cache, layer)
            x = x + block.mlp(block.ln2(x))
        return model.head(model.ln_f(x))
