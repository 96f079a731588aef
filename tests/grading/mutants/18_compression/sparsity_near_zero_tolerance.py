"""measure_sparsity counts |w| < 1e-6 as zero: the spec counts the weights that are EXACTLY 0 (a tiny nonzero such as
1e-8 or a float32 denormal is a weight, not a zero; -0.0 is a zero)."""
REPLACES = "measure_sparsity"
FAILS = ["test_measure_sparsity"]


def measure_sparsity(model):
    weights = [p.data for _, p in linear_weights(model)]
    if not weights:
        raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
    zeros = sum(int(np.count_nonzero(np.abs(w) < 1e-6)) for w in weights)     # BUG: a tolerance instead of == 0
    return zeros / sum(w.size for w in weights)
