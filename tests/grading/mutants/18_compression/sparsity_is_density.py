"measure_sparsity returns the fraction of NONZERO weights (density)."
REPLACES = "measure_sparsity"
FAILS = ["test_measure_sparsity"]


def measure_sparsity(model):
    weights = [p.data for _, p in linear_weights(model)]
    if not weights:
        raise ValueError("measure_sparsity: no Linear layers")
    nonzeros = sum(int(np.count_nonzero(w)) for w in weights)       # BUG: counts the survivors
    return nonzeros / sum(w.size for w in weights)
