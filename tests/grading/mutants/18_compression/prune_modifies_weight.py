"magnitude_prune also zeroes the pruned entries of the weight it was given (it must only return a mask)."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    n_prune = round(sparsity * weight.size)
    order = np.argsort(np.abs(weight).ravel(), kind="stable")
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    keep = keep.reshape(weight.shape)
    weight[~keep] = 0                                                # BUG: side effect on the caller's array
    return keep
