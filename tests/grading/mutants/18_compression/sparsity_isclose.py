"""measure_sparsity counts np.isclose(w, 0) (default atol 1e-8) as zero: the spec counts only weights EXACTLY 0, so
tiny nonzero weights (1e-9, denormals) must not count."""
REPLACES = "measure_sparsity"
FAILS = ["test_measure_sparsity"]


def measure_sparsity(model):
    weights = [p.data for _, p in linear_weights(model)]
    if not weights:
        raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
    zeros = sum(int(np.isclose(w, 0).sum()) for w in weights)                # BUG: isclose, not exactly 0
    return float(zeros) / sum(w.size for w in weights)
