"No max_len check: past the position table the Embedding fails with an IndexError that does not name max_len."
REPLACES = "cached_forward"
FAILS = ["test_cached_forward"]


def cached_forward(model, tokens_new, cache):
    tokens = np.asarray(tokens_new)
    start, t_new = cache.length, tokens.shape[1]                          # BUG: no check against model.max_len
    with no_grad():
        x = model.tok_emb(tokens) + model.pos_emb(np.arange(start, start + t_new))
        for layer, block in enumerate(model.blocks):
            x = x + cached_attention(block.attn, block.ln1(x), cache, layer)
            x = x + block.mlp(block.ln2(x))
        return model.head(model.ln_f(x))
