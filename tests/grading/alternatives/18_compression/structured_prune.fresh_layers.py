# Alternative: builds two fresh nn.Linear layers of the new sizes (then overwrites their parameters) and a new
# Sequential of deep copies of every other layer, instead of deep-copying the model and editing it.
### BEGIN SOLUTION
j = next_linear(model, layer_index)
fraction = check_fraction(fraction, "fraction", "structured_prune")
if norm not in ("l1", "l2"):
    raise ValueError(f"structured_prune: norm must be 'l1' or 'l2', got {norm!r}")
old, nxt = model[layer_index], model[j]
w = old.weight.data
n_out = old.out_features
n_remove = round(fraction * n_out)
if n_remove >= n_out:
    raise ValueError(f"structured_prune: fraction {fraction} removes all {n_out} neurons; keep at least one")
score = np.abs(w).sum(axis=0) if norm == "l1" else np.sqrt(np.sum(np.square(w, dtype=np.float64), axis=0))
keep = np.sort(np.argsort(score, kind="mergesort")[n_remove:])
first = nn.Linear(old.in_features, len(keep), bias=old.bias is not None)
first.weight = nn.Parameter(w[:, keep].copy(), dtype=w.dtype)
if old.bias is not None:
    first.bias = nn.Parameter(old.bias.data[keep].copy(), dtype=old.bias.dtype)
second = nn.Linear(len(keep), nxt.out_features, bias=nxt.bias is not None)
second.weight = nn.Parameter(nxt.weight.data[keep].copy(), dtype=nxt.weight.dtype)
if nxt.bias is not None:
    second.bias = nn.Parameter(nxt.bias.data.copy(), dtype=nxt.bias.dtype)
layers = [first if k == layer_index else second if k == j else copy.deepcopy(m) for k, m in enumerate(model)]
pruned = nn.Sequential(*layers)
pruned.train(model.training)
return pruned
### END SOLUTION
