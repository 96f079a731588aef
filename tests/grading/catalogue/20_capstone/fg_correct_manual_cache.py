# CELL: fast_generate
# EXPECT: correct
# WHY: its own greedy loop over kv_cache_for / cached_forward (prefill the prompt, then one token at a time)
#| export
def fast_generate(model, prompt: np.ndarray, n_new: int) -> np.ndarray:
    "Greedy continuation of `prompt` (int64 (P,)) by `n_new` tokens: int64 (P + n_new,), same tokens as model.generate."
    tokens = np.asarray(prompt, dtype=np.int64).reshape(-1)
    out = np.empty(len(tokens) + n_new, dtype=np.int64)
    out[:len(tokens)] = tokens
    if n_new == 0:
        return out
    cache = kv_cache_for(model, 1, len(out))
    with no_grad():
        logits = cached_forward(model, tokens[None, :], cache).data
        for t in range(len(tokens), len(out)):
            out[t] = int(np.argmax(logits[0, -1]))
            if t + 1 < len(out):
                logits = cached_forward(model, out[None, t:t + 1], cache).data
    return out
