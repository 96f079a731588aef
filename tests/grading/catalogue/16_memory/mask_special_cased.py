# CELL: future_mask
# EXPECT: wrong
# WHY: special-cases t_new == 1 (nothing masked) and otherwise uses the unshifted triangle: wrong for a multi-token chunk after a prefill
#| export
def future_mask(t_new: int, start: int) -> np.ndarray:
    "bool (t_new, start + t_new): True where key j is in the future of new query i (absolute position start + i)."
    if t_new == 1:
        return np.zeros((1, start + 1), dtype=bool)
    return np.triu(np.ones((t_new, start + t_new), dtype=bool), k=1)
