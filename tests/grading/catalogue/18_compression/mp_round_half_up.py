# CELL: magnitude_prune
# EXPECT: wrong
# WHY: rounds halves up (int(x + 0.5)) instead of to even: round(0.5*5) must be 2, this gives 3
#| export
def magnitude_prune(weight: np.ndarray, sparsity: float) -> np.ndarray:
    """Mask pruning the round(sparsity * size) smallest-|w| entries of `weight` (equal |w|: lower flat index first).

    weight: ndarray of any shape; sparsity: fraction in [0, 1]. Returns bool, weight's shape, True = keep.
    """
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = int(sparsity * weight.size + 0.5)
    order = np.argsort(np.abs(weight).ravel(), kind="stable")     # smallest |w| first; ties in index order
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
