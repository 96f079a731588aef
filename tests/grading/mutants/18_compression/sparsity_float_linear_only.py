"measure_sparsity reads only float nn.Linear weights (linear_weights), not weight_values: it raises on an int8 model instead of counting its codes 0 (Task 2)."
REPLACES = "measure_sparsity"
FAILS = ["test_measure_sparsity"]


def measure_sparsity(model):
    weights = [p.data for _, p in linear_weights(model)]      # BUG: an int8 model's layers are not nn.Linear
    if not weights:
        raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in weights)
    return zeros / sum(w.size for w in weights)
