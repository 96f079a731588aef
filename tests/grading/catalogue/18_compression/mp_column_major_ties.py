# CELL: magnitude_prune
# EXPECT: wrong
# WHY: flattens column-major (order='F'): ties are broken by column-major position, not by the row-major flat index
#| export
def magnitude_prune(weight: np.ndarray, sparsity: float) -> np.ndarray:
    """Mask pruning the round(sparsity * size) smallest-|w| entries of `weight` (equal |w|: lower flat index first).

    weight: ndarray of any shape; sparsity: fraction in [0, 1]. Returns bool, weight's shape, True = keep.
    """
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)                       # Python round: halves go to even
    order = np.argsort(np.abs(weight).ravel(order="F"), kind="stable")
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape, order="F")
