"measure_sparsity counts biases too (documented: Linear weights only)."
REPLACES = "measure_sparsity"
FAILS = ["test_measure_sparsity"]


def measure_sparsity(model):
    params = [p.data for p in model.parameters()]                   # BUG: biases included
    if not [p for _, p in linear_weights(model)]:
        raise ValueError("measure_sparsity: no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in params)
    return zeros / sum(w.size for w in params)
