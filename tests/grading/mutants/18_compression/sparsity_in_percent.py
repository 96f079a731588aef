"measure_sparsity returns a percent (50.0) instead of a fraction (0.5)."
REPLACES = "measure_sparsity"
FAILS = ["test_measure_sparsity"]


def measure_sparsity(model):
    weights = [p.data for _, p in linear_weights(model)]
    if not weights:
        raise ValueError("measure_sparsity: no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in weights)
    return 100.0 * zeros / sum(w.size for w in weights)             # BUG: percent
