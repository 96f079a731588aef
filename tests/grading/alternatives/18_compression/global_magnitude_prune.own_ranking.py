# Alternative: its own ranking (mergesort, no call to magnitude_prune), the layers' masks cut from one flat mask with
# running offsets, pruned weights written with np.copyto; sparsity counted with np.sum(w == 0).
### BEGIN SOLUTION
sparsity = check_fraction(sparsity, "sparsity", "global_magnitude_prune")
named = linear_weights(model)
if not named:
    raise ValueError(f"global_magnitude_prune: {type(model).__name__} has no Linear layers to prune")
flat = np.concatenate([np.abs(p.data).reshape(-1) for _, p in named])
order = np.argsort(flat, kind="mergesort")
keep = np.ones(flat.size, dtype=bool)
keep[order[:round(sparsity * flat.size)]] = False
masks, offset = {}, 0
for name, p in named:
    masks[name] = keep[offset:offset + p.size].reshape(p.shape).copy()
    np.copyto(p.data, 0, where=~masks[name])
    offset += p.size
return masks
### END SOLUTION
### BEGIN SOLUTION
arrays = [w for _, w in weight_values(model)]
if not arrays:
    raise ValueError(f"measure_sparsity: {type(model).__name__} has no Linear layers")
return float(sum(int(np.sum(a == 0)) for a in arrays)) / float(sum(a.size for a in arrays))
### END SOLUTION
