"global_magnitude_prune zeroes the right weights but returns masks computed as weight != 0: weights that were already 0 (an earlier pruning, or exact zeros) come back as pruned, so a repeated prune at a lower sparsity returns masks with more than round(sparsity * total) False (Task 2: the masks mark exactly the pruned entries)."
REPLACES = "global_magnitude_prune"
FAILS = ["test_global_magnitude_prune"]


def global_magnitude_prune(model, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)
    if not weights:
        raise ValueError("global_magnitude_prune: no Linear layers")
    keep = magnitude_prune(np.concatenate([p.data.ravel() for _, p in weights]), sparsity)
    start = 0
    for name, p in weights:
        p.data[~keep[start:start + p.size].reshape(p.shape)] = 0
        start += p.size
    return {name: p.data != 0 for name, p in weights}                 # BUG: every zero counts as pruned
