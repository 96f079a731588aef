"global_magnitude_prune walks the top-level layers with enumerate(model) and names them f'{i}.weight': Linears inside a nested Sequential are missed (Task 2: candidates and mask names are those of linear_weights(model))."
REPLACES = "global_magnitude_prune"
FAILS = ["test_global_magnitude_prune"]


def global_magnitude_prune(model, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = [(f"{i}.weight", m.weight) for i, m in enumerate(model) if isinstance(m, nn.Linear)]  # BUG
    if not weights:
        raise ValueError("global_magnitude_prune: no Linear layers")
    keep = magnitude_prune(np.concatenate([p.data.ravel() for _, p in weights]), sparsity)
    masks, start = {}, 0
    for name, p in weights:
        masks[name] = keep[start:start + p.size].reshape(p.shape)
        p.data[~masks[name]] = 0
        start += p.size
    return masks
