# CELL: future_mask
# EXPECT: wrong
# WHY: np.triu(..., k=1) ignores the offset: a new query at position start + i is masked from keys it may see (the off-by-start bug the spec names)
#| export
def future_mask(t_new: int, start: int) -> np.ndarray:
    "bool (t_new, start + t_new): True where key j is in the future of new query i (absolute position start + i)."
    return np.triu(np.ones((t_new, start + t_new), dtype=bool), k=1)
