"global_magnitude_prune prunes every layer to the same sparsity instead of one global ranking."
REPLACES = "global_magnitude_prune"
FAILS = ["test_global_magnitude_prune"]


def global_magnitude_prune(model, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)
    if not weights:
        raise ValueError("global_magnitude_prune: no Linear layers")
    masks = {}
    for name, p in weights:
        masks[name] = magnitude_prune(p.data, sparsity)              # BUG: per layer
        p.data[~masks[name]] = 0
    return masks
