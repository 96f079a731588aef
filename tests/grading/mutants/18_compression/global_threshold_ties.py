"global_magnitude_prune takes the global k-th smallest |w| as a threshold and prunes |w| <= threshold in every layer: ties at the threshold (within or across layers) prune more than round(sparsity * total) (Task 2: exactly that count, ties by lower position)."
REPLACES = "global_magnitude_prune"
FAILS = ["test_global_magnitude_prune"]


def global_magnitude_prune(model, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
    weights = linear_weights(model)
    if not weights:
        raise ValueError("global_magnitude_prune: no Linear layers")
    flat = np.concatenate([np.abs(p.data).ravel() for _, p in weights])
    n_prune = round(sparsity * flat.size)
    threshold = np.sort(flat)[n_prune - 1] if n_prune else -1.0
    masks = {}
    for name, p in weights:
        masks[name] = np.abs(p.data) > threshold                      # BUG: every tie at the threshold pruned
        p.data[~masks[name]] = 0
    return masks
