"global_magnitude_prune treats every 2-D parameter as a Linear weight (an Embedding table too) and names them from named_parameters: it prunes weights that are not Linear weights (Task 2: the candidates are exactly linear_weights(model))."
REPLACES = "global_magnitude_prune"
FAILS = ["test_global_magnitude_prune"]


def global_magnitude_prune(model, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = [(n, p) for n, p in model.named_parameters() if p.ndim == 2]   # BUG: Embedding/other 2-D too
    if not weights:
        raise ValueError("global_magnitude_prune: no Linear layers")
    keep = magnitude_prune(np.concatenate([p.data.ravel() for _, p in weights]), sparsity)
    masks, start = {}, 0
    for name, p in weights:
        masks[name] = keep[start:start + p.size].reshape(p.shape)
        p.data[~masks[name]] = 0
        start += p.size
    return masks
