"The position of the next token is kept on the model (reset when a cache is empty) instead of read from cache.length: two caches used in turns on one model get each other's positions (spec: positions start at cache.length)."
REPLACES = "cached_forward"
FAILS = ["test_cached_forward"]


def cached_forward(model, tokens_new, cache):
    tokens = np.asarray(tokens_new)
    if cache.length == 0:
        model._next_position = 0
    start, t_new = getattr(model, "_next_position", 0), tokens.shape[1]    # BUG: start = cache.length
    if start + t_new > model.max_len:
        raise ValueError(f"cached_forward: exceeds max_len={model.max_len}")
    with no_grad():
        x = model.tok_emb(tokens) + model.pos_emb(np.arange(start, start + t_new))
        for layer, block in enumerate(model.blocks):
            x = x + cached_attention(block.attn, block.ln1(x), cache, layer)
            x = x + block.mlp(block.ln2(x))
        model._next_position = start + t_new
        return model.head(model.ln_f(x))
