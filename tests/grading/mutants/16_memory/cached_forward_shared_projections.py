"Every layer uses layer 0's attention (its q/k/v/out projections) instead of its own block's."
REPLACES = "cached_forward"
FAILS = ["test_cached_forward", "test_generate"]


def cached_forward(model, tokens_new, cache):
    tokens = np.asarray(tokens_new)
    start, t_new = cache.length, tokens.shape[1]
    if start + t_new > model.max_len:
        raise ValueError(f"cached_forward: exceeds max_len={model.max_len}")
    with no_grad():
        x = model.tok_emb(tokens) + model.pos_emb(np.arange(start, start + t_new))
        for layer, block in enumerate(model.blocks):
            x = x + cached_attention(model.blocks[0].attn, block.ln1(x), cache, layer)   # BUG: blocks[0].attn
            x = x + block.mlp(block.ln2(x))
        return model.head(model.ln_f(x))
