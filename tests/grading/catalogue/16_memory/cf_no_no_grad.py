# CELL: cached_forward
# EXPECT: wrong
# WHY: runs the layers without no_grad(): builds an autograd graph (output requires grad) although the spec says run everything inside no_grad
#| export
def cached_forward(model, tokens_new, cache: KVCache) -> Tensor:
    """Logits (B, T_new, vocab) float32 of the new tokens (B, T_new) int, which follow the `cache.length` tokens
    already cached; equal to model.forward(whole sequence)[:, -T_new:]. Appends T_new positions to every layer."""
    tokens = np.asarray(tokens_new)
    if tokens.ndim != 2 or tokens.shape[1] < 1:
        raise ValueError(f"cached_forward: tokens_new must have shape (B, T_new) with T_new >= 1, got {tokens.shape}")
    start, t_new = cache.length, tokens.shape[1]
    if start + t_new > model.max_len:
        raise ValueError(f"cached_forward: positions {start}..{start + t_new - 1} exceed the model's "
                         f"max_len={model.max_len}")
    x = model.tok_emb(tokens) + model.pos_emb(np.arange(start, start + t_new))
    for layer, block in enumerate(model.blocks):
        x = x + cached_attention(block.attn, block.ln1(x), cache, layer)
        x = x + block.mlp(block.ln2(x))
    return model.head(model.ln_f(x))
