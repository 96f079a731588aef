"The new tokens get positions 0..T_new-1 instead of cache.length..cache.length+T_new-1 (wrong position offset)."
REPLACES = "cached_forward"
FAILS = ["test_cached_forward", "test_generate"]


def cached_forward(model, tokens_new, cache):
    tokens = np.asarray(tokens_new)
    start, t_new = cache.length, tokens.shape[1]
    if start + t_new > model.max_len:
        raise ValueError(f"cached_forward: exceeds max_len={model.max_len}")
    with no_grad():
        x = model.tok_emb(tokens) + model.pos_emb(np.arange(t_new))      # BUG: not offset by start
        for layer, block in enumerate(model.blocks):
            x = x + cached_attention(block.attn, block.ln1(x), cache, layer)
            x = x + block.mlp(block.ln2(x))
        return model.head(model.ln_f(x))
