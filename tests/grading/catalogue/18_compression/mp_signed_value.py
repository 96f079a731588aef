# CELL: magnitude_prune
# EXPECT: wrong
# WHY: ranks by the signed value w instead of the magnitude |w|: large negative weights get pruned first
#| export
def magnitude_prune(weight: np.ndarray, sparsity: float) -> np.ndarray:
    """Mask pruning the round(sparsity * size) smallest-|w| entries of `weight` (equal |w|: lower flat index first).

    weight: ndarray of any shape; sparsity: fraction in [0, 1]. Returns bool, weight's shape, True = keep.
    """
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)                       # Python round: halves go to even
    order = np.argsort(weight.ravel(), kind="stable")
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
