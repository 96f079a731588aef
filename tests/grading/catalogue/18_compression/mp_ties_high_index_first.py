# CELL: magnitude_prune
# EXPECT: wrong
# WHY: ranks by -|w| stably and reverses: equal |w| are pruned highest flat index first, the opposite of the Part 2 tie rule
#| export
def magnitude_prune(weight: np.ndarray, sparsity: float) -> np.ndarray:
    """Mask pruning the round(sparsity * size) smallest-|w| entries of `weight` (equal |w|: lower flat index first).

    weight: ndarray of any shape; sparsity: fraction in [0, 1]. Returns bool, weight's shape, True = keep.
    """
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)                       # Python round: halves go to even
    order = np.argsort(-np.abs(weight).ravel(), kind="stable")[::-1]
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
