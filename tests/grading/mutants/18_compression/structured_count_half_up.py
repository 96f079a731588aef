"structured_prune removes int(fraction * out + 0.5) neurons (halves rounded up): 0.25 of 10 neurons removes 3 instead of round(2.5) = 2 (Task 5: n = round(fraction * out_features), Python's round)."
REPLACES = "structured_prune"
FAILS = ["test_structured_prune"]


def structured_prune(model, layer_index, fraction, norm="l1"):
    j = next_linear(model, layer_index)
    fraction = check_fraction(fraction, "fraction", "structured_prune")
    if norm not in ("l1", "l2"):
        raise ValueError(f"structured_prune: norm must be 'l1' or 'l2', got {norm!r}")
    layer, following = model[layer_index], model[j]
    w = layer.weight.data
    n_remove = int(fraction * w.shape[1] + 0.5)                       # BUG: halves go up, not to even
    if n_remove >= w.shape[1]:
        raise ValueError("structured_prune: at least one neuron must remain")
    scores = np.abs(w).sum(axis=0) if norm == "l1" else np.sqrt((w.astype(np.float64) ** 2).sum(axis=0))
    keep = np.sort(np.argsort(scores, kind="stable")[n_remove:])
    pruned = copy.deepcopy(model)
    smaller, narrower = pruned[layer_index], pruned[j]
    smaller.weight = nn.Parameter(w[:, keep], dtype=w.dtype)
    smaller.bias = nn.Parameter(layer.bias.data[keep], dtype=layer.bias.dtype)
    narrower.weight = nn.Parameter(following.weight.data[keep, :], dtype=following.weight.dtype)
    smaller.out_features = narrower.in_features = len(keep)
    return pruned
