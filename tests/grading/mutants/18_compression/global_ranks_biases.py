"global_magnitude_prune ranks the biases together with the weights (more candidates, a different count)."
REPLACES = "global_magnitude_prune"
FAILS = ["test_global_magnitude_prune"]


def global_magnitude_prune(model, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)
    if not weights:
        raise ValueError("global_magnitude_prune: no Linear layers")
    params = model.parameters()                                      # BUG: biases included
    keep = magnitude_prune(np.concatenate([p.data.ravel() for p in params]), sparsity)
    masks, start, by_id = {}, 0, {id(p): name for name, p in weights}
    for p in params:
        part = keep[start:start + p.size].reshape(p.shape)
        start += p.size
        if id(p) in by_id:
            masks[by_id[id(p)]] = part
            p.data[~part] = 0
    return masks
