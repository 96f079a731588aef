# CELL: global_magnitude_prune
# EXPECT: wrong
# WHY: concatenates the layers last-to-first: equal |w| in different layers are broken against linear_weights order
#| export
def global_magnitude_prune(model: nn.Module, sparsity: float) -> dict:
    """Zero, in place, the round(sparsity * total) smallest-|w| weights across all Linear layers of `model`.

    One ranking over all weights of `linear_weights(model)`, concatenated in that order and flattened row-major
    (ties: lower position first). Returns {name: bool mask (True = keep)} for every Linear weight."""
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)[::-1]
    if not weights:
        raise ValueError(f"global_magnitude_prune: {type(model).__name__} has no Linear layers to prune")
    keep = magnitude_prune(np.concatenate([p.data.ravel() for _, p in weights]), sparsity)
    masks, start = {}, 0
    for name, p in weights:
        masks[name] = keep[start:start + p.size].reshape(p.shape)
        p.data[~masks[name]] = 0
        start += p.size
    return masks


def measure_sparsity(model: nn.Module) -> float:
    """Fraction in [0, 1] of the weights of all Linear layers of `model` (biases excluded) that are exactly 0."""
    weights = [w for _, w in weight_values(model)]
    if not weights:
        raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in weights)
    return zeros / sum(w.size for w in weights)
