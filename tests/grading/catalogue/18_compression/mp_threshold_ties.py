# CELL: magnitude_prune
# EXPECT: wrong
# WHY: keeps |w| > k-th smallest |w|: with ties at the threshold every tied weight is pruned, more than round(sparsity*size)
#| export
def magnitude_prune(weight: np.ndarray, sparsity: float) -> np.ndarray:
    """Mask pruning the round(sparsity * size) smallest-|w| entries of `weight` (equal |w|: lower flat index first).

    weight: ndarray of any shape; sparsity: fraction in [0, 1]. Returns bool, weight's shape, True = keep.
    """
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)                       # Python round: halves go to even
    order = None
    if n_prune == 0:
        return np.ones(weight.shape, dtype=bool)
    threshold = np.sort(np.abs(weight).ravel())[n_prune - 1]
    return np.abs(weight) > threshold
