# Alternative: pruned weights zeroed in place with np.putmask; sparsity as 1 - (nonzeros / total) over one flat
# concatenation (count_nonzero: -0.0 is a zero, a tiny nonzero is not).
### BEGIN SOLUTION
sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
named = linear_weights(model)
if not named:
    raise ValueError(f"global_magnitude_prune: {type(model).__name__} has no Linear layers to prune")
keep = magnitude_prune(np.concatenate([p.data.ravel() for _, p in named]), sparsity)
masks, start = {}, 0
for name, p in named:
    masks[name] = keep[start:start + p.size].reshape(p.shape)
    np.putmask(p.data, ~masks[name], 0)
    start += p.size
return masks
### END SOLUTION
### BEGIN SOLUTION
named = weight_values(model)
if not named:
    raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
flat = np.concatenate([w.ravel() for _, w in named])
return 1.0 - np.count_nonzero(flat) / flat.size
### END SOLUTION
