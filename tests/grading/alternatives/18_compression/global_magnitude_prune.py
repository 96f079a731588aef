# Alternative: the global mask cut back into layers with np.split at the cumulative sizes; weights zeroed by
# multiplying with the mask; sparsity counted as size minus nonzeros.
### BEGIN SOLUTION
sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
named = list(linear_weights(model))
if len(named) == 0:
    raise ValueError(f"global_magnitude_prune: {type(model).__name__} has no Linear layers to prune")
keep = magnitude_prune(np.concatenate([p.data.reshape(-1) for _, p in named]), sparsity)
cuts = np.cumsum([p.size for _, p in named])[:-1]
masks = {}
for (name, p), part in zip(named, np.split(keep, cuts)):
    masks[name] = part.reshape(p.shape)
    p.data *= masks[name]
return masks
### END SOLUTION
### BEGIN SOLUTION
zeros = total = 0
for _, w in weight_values(model):
    zeros += w.size - int(np.count_nonzero(w))
    total += w.size
if total == 0:
    raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
return zeros / total
### END SOLUTION
