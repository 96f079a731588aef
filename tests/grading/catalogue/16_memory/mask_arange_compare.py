# CELL: future_mask
# EXPECT: correct
# WHY: broadcast comparison of key index j with the absolute query position start + i
#| export
def future_mask(t_new: int, start: int) -> np.ndarray:
    "bool (t_new, start + t_new): True where key j is in the future of new query i (absolute position start + i)."
    j = np.arange(start + t_new)[None, :]
    i = np.arange(t_new)[:, None]
    return j > start + i
