# CELL: magnitude_prune
# EXPECT: wrong
# WHY: int(sparsity * size) truncates instead of Python round (half to even): round(0.7*5)=4 but int gives 3 (Part 2 'How many to prune')
#| export
def magnitude_prune(weight: np.ndarray, sparsity: float) -> np.ndarray:
    """Mask pruning the round(sparsity * size) smallest-|w| entries of `weight` (equal |w|: lower flat index first).

    weight: ndarray of any shape; sparsity: fraction in [0, 1]. Returns bool, weight's shape, True = keep.
    """
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = int(sparsity * weight.size)
    order = np.argsort(np.abs(weight).ravel(), kind="stable")     # smallest |w| first; ties in index order
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
