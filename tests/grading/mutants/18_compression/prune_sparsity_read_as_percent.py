"magnitude_prune treats sparsity as a percent (0.7 -> 0.7 %), skipping the documented fraction convention."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune", "test_global_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    weight = np.asarray(weight)
    n_prune = round(sparsity / 100 * weight.size)                    # BUG: percent
    order = np.argsort(np.abs(weight).ravel(), kind="stable")
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
