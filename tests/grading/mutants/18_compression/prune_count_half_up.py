"magnitude_prune rounds halves up (int(x + 0.5)) instead of Python's round-half-to-even."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = int(sparsity * weight.size + 0.5)                      # BUG: 2.5 -> 3, documented 2
    order = np.argsort(np.abs(weight).ravel(), kind="stable")
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
