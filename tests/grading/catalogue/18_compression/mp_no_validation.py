# CELL: magnitude_prune
# EXPECT: wrong
# WHY: skips check_fraction: 1.5/-0.1/NaN/70 are silently accepted (negative slice prunes almost all) instead of raising
#| export
def magnitude_prune(weight: np.ndarray, sparsity: float) -> np.ndarray:
    """Mask pruning the round(sparsity * size) smallest-|w| entries of `weight` (equal |w|: lower flat index first).

    weight: ndarray of any shape; sparsity: fraction in [0, 1]. Returns bool, weight's shape, True = keep.
    """
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)                       # Python round: halves go to even
    order = np.argsort(np.abs(weight).ravel(), kind="stable")     # smallest |w| first; ties in index order
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
