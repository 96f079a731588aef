# CELL: global_magnitude_prune
# EXPECT: correct
# WHY: stable argsort over the concatenation and np.split at the cumulative layer sizes; sparsity as a float fraction from np.mean
#| export
def global_magnitude_prune(model: nn.Module, sparsity: float) -> dict:
    """Zero, in place, the round(sparsity * total) smallest-|w| weights across all Linear layers of `model`.

    One ranking over all weights of `linear_weights(model)`, concatenated in that order and flattened row-major
    (ties: lower position first). Returns {name: bool mask (True = keep)} for every Linear weight."""
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)
    if not weights:
        raise ValueError(f"global_magnitude_prune: {type(model).__name__} has no Linear layers to prune")
    flat = np.concatenate([p.data.ravel() for _, p in weights])
    keep = np.ones(flat.size, dtype=bool)
    keep[np.argsort(np.abs(flat), kind="stable")[:round(sparsity * flat.size)]] = False
    pieces = np.split(keep, np.cumsum([p.size for _, p in weights])[:-1])
    masks = {}
    for (name, p), piece in zip(weights, pieces):
        masks[name] = piece.reshape(p.shape).copy()
        p.data[...] = np.where(masks[name], p.data, 0)
    return masks


def measure_sparsity(model: nn.Module) -> float:
    """Fraction in [0, 1] of the weights listed by `weight_values(model)` (biases excluded) that are exactly 0."""
    weights = [w for _, w in weight_values(model)]
    if not weights:
        raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in weights)
    return float(np.mean(np.concatenate([w.ravel() == 0 for w in weights])))
