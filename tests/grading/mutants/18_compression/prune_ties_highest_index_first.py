"magnitude_prune breaks ties by pruning the HIGHER flat index first (documented: lower index first)."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)
    flat = np.abs(weight).ravel()
    order = np.lexsort((-np.arange(flat.size), flat))                # BUG: equal |w| -> higher index first
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
