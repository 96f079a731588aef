"measure_sparsity counts every 2-D parameter (an Embedding table too), not only Linear weights (Task 2: the weights of all Linear layers)."
REPLACES = "measure_sparsity"
FAILS = ["test_measure_sparsity"]


def measure_sparsity(model):
    weights = [p.data for p in model.parameters() if p.ndim == 2]    # BUG: not only Linear weights
    if not [p for _, p in linear_weights(model)]:
        raise ValueError("measure_sparsity: no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in weights)
    return zeros / sum(w.size for w in weights)
