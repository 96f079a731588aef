# CELL: fast_generate
# EXPECT: wrong
# WHY: calls generate with use_cache=False: identical tokens but no speedup (spec: >= 2x the tokens/s)
#| export
def fast_generate(model, prompt: np.ndarray, n_new: int) -> np.ndarray:
    "Greedy continuation of `prompt` (int64 (P,)) by `n_new` tokens: int64 (P + n_new,), same tokens as model.generate."
    return generate(model, np.asarray(prompt, dtype=np.int64), n_new, use_cache=False, temperature=0.0)
