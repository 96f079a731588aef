# Alternative: blocks visited by index, positions from first/last, the logits returned after the no_grad block.
### BEGIN SOLUTION
tokens = np.asarray(tokens_new)
if tokens.ndim != 2 or tokens.shape[1] == 0:
    raise ValueError(f"cached_forward: tokens_new must have shape (B, T_new) with T_new >= 1, "
                     f"got {tokens.shape}")
first = cache.length
last = first + tokens.shape[1]
if last > model.max_len:
    raise ValueError(f"cached_forward: positions {first}..{last - 1} exceed the model's max_len={model.max_len}")
with no_grad():
    h = model.tok_emb(tokens) + model.pos_emb(np.arange(first, last))
    for i in range(len(model.blocks)):
        block = model.blocks[i]
        h = h + cached_attention(block.attn, block.ln1(h), cache, i)
        h = h + block.mlp(block.ln2(h))
    logits = model.head(model.ln_f(h))
return logits
### END SOLUTION
