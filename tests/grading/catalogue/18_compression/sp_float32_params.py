# CELL: structured_prune
# EXPECT: wrong
# WHY: new Parameters built without dtype= (Parameter defaults to float32): a float64 model comes back float32 ('Keep the weights' dtype')
#| export
def structured_prune(model: nn.Sequential, layer_index: int, fraction: float, norm: str = "l1") -> nn.Sequential:
    """A smaller copy of `model` without the round(fraction * out) lowest-norm output neurons of Linear `layer_index`.

    Removes columns `weight[:, j]` and `bias[j]` of that layer and rows `weight[j, :]` of the next Linear. Scores:
    "l1" = sum |w| of the column, "l2" = its Euclidean norm; ties: lower index removed first; kept neurons keep their
    order. Its outputs equal those of `model` with the removed neurons masked to 0. `model` is not modified."""
    j = next_linear(model, layer_index)
    fraction = check_fraction(fraction, "fraction", "structured_prune")
    if norm not in ("l1", "l2"):
        raise ValueError(f"structured_prune: norm must be 'l1' or 'l2', got {norm!r}")
    layer, following = model[layer_index], model[j]
    w = layer.weight.data
    n_remove = round(fraction * w.shape[1])
    if n_remove >= w.shape[1]:
        raise ValueError(f"structured_prune: fraction {fraction} would remove all {w.shape[1]} neurons of "
                         f"model[{layer_index}]; at least one must remain")
    scores = np.abs(w).sum(axis=0) if norm == "l1" else np.sqrt((w.astype(np.float64) ** 2).sum(axis=0))
    keep = np.sort(np.argsort(scores, kind="stable")[n_remove:])

    pruned = copy.deepcopy(model)                     # the caller's model stays as it was
    smaller, narrower = pruned[layer_index], pruned[j]
    smaller.weight = nn.Parameter(w[:, keep])                          # columns = output neurons
    if smaller.bias is not None:
        smaller.bias = nn.Parameter(layer.bias.data[keep])
    narrower.weight = nn.Parameter(following.weight.data[keep, :])   # matching rows
    smaller.out_features = narrower.in_features = len(keep)
    return pruned
