"magnitude_prune ranks with np.argsort's default (unstable) quicksort: among equal |w| it does not always prune the lower flat index first (Part 2: ties -> lower flat index first, use a stable sort)."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)
    order = np.argsort(np.abs(weight).ravel())                        # BUG: not stable, ties in any order
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
