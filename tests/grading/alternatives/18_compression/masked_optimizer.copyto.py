# Alternative: apply_masks writes zeros with np.copyto(where=~mask); step() builds masked gradients only for weights
# that have one, and re-applies the masks with np.copyto too (no new arrays for the weights).
### BEGIN SOLUTION
weights = dict(linear_weights(model))
for name in masks:
    if name not in weights:
        raise KeyError(f"apply_masks: no Linear weight named {name!r} (the model has {sorted(weights)})")
    mask = np.asarray(masks[name])
    if mask.dtype != np.bool_ or mask.shape != weights[name].data.shape:
        raise ValueError(f"apply_masks: mask {name!r} must be bool of shape {weights[name].shape}, "
                         f"got {mask.dtype} {mask.shape}")
    np.copyto(weights[name].data, 0, where=~mask)
### END SOLUTION
### BEGIN SOLUTION
for name in self.masks:
    weight, mask = self.weights[name], np.asarray(self.masks[name])
    if weight.grad is None:
        continue
    weight.grad = np.where(mask, weight.grad, np.zeros((), dtype=weight.grad.dtype))
self.optimizer.step()
for name in self.masks:
    np.copyto(self.weights[name].data, 0, where=~np.asarray(self.masks[name]))
### END SOLUTION
