"magnitude_prune prunes the LARGEST magnitudes instead of the smallest."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune", "test_global_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)
    order = np.argsort(-np.abs(weight).ravel(), kind="stable")      # BUG: largest first
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
