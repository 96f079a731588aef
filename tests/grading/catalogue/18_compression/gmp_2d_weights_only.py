# CELL: global_magnitude_prune
# EXPECT: wrong
# WHY: assumes every weight is a 2-D (in, out) matrix when cutting the global mask back into layers: a Conv2d
#      weight (out, in, kh, kw), which linear_weights lists too, breaks it
#| export
def global_magnitude_prune(model: nn.Module, sparsity: float, inplace: bool = True):
    """Zero the round(sparsity * total) smallest-|w| weights across all Linear and Conv2d layers of `model`."""
    if not inplace:
        pruned = copy.deepcopy(model)
        return pruned, global_magnitude_prune(pruned, sparsity, inplace=True)
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)
    if not weights:
        raise ValueError(f"global_magnitude_prune: {type(model).__name__} has no Linear layers to prune")
    keep = magnitude_prune(np.concatenate([p.data.ravel() for _, p in weights]), sparsity)
    masks, start = {}, 0
    for name, p in weights:
        rows, cols = p.data.shape[0], p.data.shape[1]
        masks[name] = keep[start:start + rows * cols].reshape(rows, cols)
        p.data[~masks[name]] = 0
        start += rows * cols
    return masks


def measure_sparsity(model: nn.Module) -> float:
    """Fraction in [0, 1] of the weights listed by `weight_values(model)` that are exactly 0."""
    weights = [w for _, w in weight_values(model, "measure_sparsity")]
    if not weights:
        raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in weights)
    return zeros / sum(w.size for w in weights)
