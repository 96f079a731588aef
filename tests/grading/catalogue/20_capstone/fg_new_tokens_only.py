# CELL: fast_generate
# EXPECT: wrong
# WHY: returns only the n_new generated tokens instead of prompt + new tokens (P + n_new,)
#| export
def fast_generate(model, prompt: np.ndarray, n_new: int) -> np.ndarray:
    "Greedy continuation of `prompt` (int64 (P,)) by `n_new` tokens: int64 (P + n_new,), same tokens as model.generate."
    prompt = np.asarray(prompt, dtype=np.int64)
    return generate(model, prompt, n_new, use_cache=True, temperature=0.0)[len(prompt):]
