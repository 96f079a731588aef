"structured_prune builds the new Sequential from the original layer objects and replaces only layers i and j: every other layer is shared with the original, so training the pruned model changes the original (Task 5: model must not change; all other layers are unchanged copies)."
REPLACES = "structured_prune"
FAILS = ["test_structured_prune"]


def structured_prune(model, layer_index, fraction, norm="l1"):
    j = next_linear(model, layer_index)
    fraction = check_fraction(fraction, "fraction", "structured_prune")
    if norm not in ("l1", "l2"):
        raise ValueError(f"structured_prune: norm must be 'l1' or 'l2', got {norm!r}")
    layer, following = model[layer_index], model[j]
    w = layer.weight.data
    n_remove = round(fraction * w.shape[1])
    if n_remove >= w.shape[1]:
        raise ValueError("structured_prune: at least one neuron must remain")
    scores = np.abs(w).sum(axis=0) if norm == "l1" else np.sqrt((w.astype(np.float64) ** 2).sum(axis=0))
    keep = np.sort(np.argsort(scores, kind="stable")[n_remove:])
    layers = list(model)                                               # BUG: the other layers are shared
    smaller = nn.Linear(layer.in_features, len(keep))
    smaller.weight = nn.Parameter(w[:, keep], dtype=w.dtype)
    smaller.bias = nn.Parameter(layer.bias.data[keep], dtype=layer.bias.dtype)
    narrower = nn.Linear(len(keep), following.out_features)
    narrower.weight = nn.Parameter(following.weight.data[keep, :], dtype=following.weight.dtype)
    narrower.bias = nn.Parameter(following.bias.data.copy(), dtype=following.bias.dtype)
    layers[layer_index], layers[j] = smaller, narrower
    return nn.Sequential(*layers)
