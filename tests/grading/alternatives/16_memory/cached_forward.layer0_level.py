# Alternative: the start position read from layer 0's level (equal to cache.length before a step), the positions built
# with start + arange, the blocks walked with zip(range(...), ...).
### BEGIN SOLUTION
tokens = np.asarray(tokens_new)
if tokens.ndim != 2 or tokens.shape[1] < 1:
    raise ValueError(f"cached_forward: tokens_new must be (B, T_new), T_new >= 1, got {tokens.shape}")
start = cache.layer_length(0)
positions = start + np.arange(tokens.shape[1])
if positions[-1] >= model.max_len:
    raise ValueError(f"cached_forward: position {positions[-1]} is past the model's max_len={model.max_len}")
with no_grad():
    x = model.tok_emb(tokens) + model.pos_emb(positions)
    for i, block in zip(range(len(model.blocks)), model.blocks):
        x = x + cached_attention(block.attn, block.ln1(x), cache, i)
        x = x + block.mlp(block.ln2(x))
    out = model.head(model.ln_f(x))
return out
### END SOLUTION
