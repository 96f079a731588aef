# CELL: future_mask
# EXPECT: correct
# WHY: all-visible past block of zeros next to the usual strict upper triangle for the new tokens
#| export
def future_mask(t_new: int, start: int) -> np.ndarray:
    "bool (t_new, start + t_new): True where key j is in the future of new query i (absolute position start + i)."
    past = np.zeros((t_new, start), dtype=bool)
    tri = np.triu(np.ones((t_new, t_new), dtype=bool), k=1)
    return np.concatenate([past, tri], axis=1)
