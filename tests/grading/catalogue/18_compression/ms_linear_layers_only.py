# CELL: global_magnitude_prune
# EXPECT: wrong
# WHY: measure_sparsity walks the model's nn.Linear layers itself instead of weight_values: it misses the Conv2d
#      weights of a CNN (and the int8 codes of a quantized model)
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
        masks[name] = keep[start:start + p.size].reshape(p.shape)
        p.data[~masks[name]] = 0
        start += p.size
    return masks


def measure_sparsity(model: nn.Module) -> float:
    """Fraction in [0, 1] of the Linear weights of `model` that are exactly 0."""
    weights = [m.weight.data for m in model.modules() if isinstance(m, nn.Linear)]
    if not weights:
        raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
    zeros = sum(int(np.count_nonzero(w == 0)) for w in weights)
    return zeros / sum(w.size for w in weights)
