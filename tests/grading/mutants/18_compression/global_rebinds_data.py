"""global_magnitude_prune assigns new arrays (p.data * mask) to the weights instead of zeroing them in place: the
spec says the pruned weights are set to 0 in place (the weight's own array), so code holding that array never sees
the pruning."""
REPLACES = "global_magnitude_prune"
FAILS = ["test_global_magnitude_prune"]


def global_magnitude_prune(model, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)
    if not weights:
        raise ValueError(f"global_magnitude_prune: {type(model).__name__} has no Linear layers to prune")
    keep = magnitude_prune(np.concatenate([p.data.ravel() for _, p in weights]), sparsity)
    masks, start = {}, 0
    for name, p in weights:
        masks[name] = keep[start:start + p.size].reshape(p.shape)
        p.data = p.data * masks[name]                                   # BUG: a new array, not in place
        start += p.size
    return masks
