"magnitude_prune never validates sparsity: 1.5 silently prunes everything, 70 (a percent) too."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    weight = np.asarray(weight)                                      # BUG: no check_fraction
    n_prune = round(sparsity * weight.size)
    order = np.argsort(np.abs(weight).ravel(), kind="stable")
    keep = np.ones(weight.size, dtype=bool)
    keep[order[:n_prune]] = False
    return keep.reshape(weight.shape)
