"magnitude_prune counts with int() (floor) instead of round(): off by one whenever sparsity * size has .5 or more."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = int(sparsity * weight.size)                            # BUG: floor
    order = np.argsort(np.abs(weight).ravel(), kind="stable")
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
