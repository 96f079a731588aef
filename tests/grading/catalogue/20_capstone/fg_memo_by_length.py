# CELL: fast_generate
# EXPECT: wrong
# WHY: memoizes the result per (model, prompt length, n_new): a second call with a different prompt returns stale tokens
#| export
def fast_generate(model, prompt: np.ndarray, n_new: int) -> np.ndarray:
    "Greedy continuation of `prompt` (int64 (P,)) by `n_new` tokens: int64 (P + n_new,), same tokens as model.generate."
    key = (id(model), len(prompt), n_new)
    memo = fast_generate.__dict__.setdefault("memo", {})
    if key not in memo:
        memo[key] = generate(model, np.asarray(prompt, dtype=np.int64), n_new, use_cache=True, temperature=0.0)
    return memo[key].copy()
