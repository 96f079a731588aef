# Alternative: norms with np.linalg.norm (float64), ties by np.lexsort, neurons dropped with np.delete.
### BEGIN SOLUTION
j = next_linear(model, layer_index)
fraction = check_fraction(fraction, "fraction", "structured_prune")
if norm not in {"l1", "l2"}:
    raise ValueError(f"structured_prune: norm must be 'l1' or 'l2', got {norm!r}")
w = model[layer_index].weight.data
n_out = w.shape[1]
n_remove = int(np.rint(fraction * n_out))
if n_remove >= n_out:
    raise ValueError(f"structured_prune: fraction {fraction} would remove all {n_out} neurons of "
                     f"model[{layer_index}]; at least one must remain")
scores = np.linalg.norm(w.astype(np.float64), ord=1 if norm == "l1" else 2, axis=0)
removed = np.lexsort((np.arange(n_out), scores))[:n_remove]      # lowest score first, ties: lower index
pruned = copy.deepcopy(model)
first, second = pruned[layer_index], pruned[j]
first.weight = nn.Parameter(np.delete(w, removed, axis=1), dtype=w.dtype)
if first.bias is not None:
    bias = model[layer_index].bias.data
    first.bias = nn.Parameter(np.delete(bias, removed), dtype=bias.dtype)
rows = model[j].weight.data
second.weight = nn.Parameter(np.delete(rows, removed, axis=0), dtype=rows.dtype)
first.out_features = second.in_features = n_out - len(removed)
return pruned
### END SOLUTION
