# CELL: fast_generate
# EXPECT: wrong
# WHY: passes the prompt as a (1, P) batch and returns the (1, P + n_new) array unflattened
#| export
def fast_generate(model, prompt: np.ndarray, n_new: int) -> np.ndarray:
    "Greedy continuation of `prompt` (int64 (P,)) by `n_new` tokens: int64 (P + n_new,), same tokens as model.generate."
    return generate(model, np.asarray(prompt, dtype=np.int64)[None, :], n_new, use_cache=True, temperature=0.0)
