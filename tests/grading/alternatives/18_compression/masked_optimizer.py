# Alternative: apply_masks validates every mask before touching any weight and writes np.where(mask, w, 0);
# step() masks gradients with np.where and zeroes pruned weights directly.
### BEGIN SOLUTION
weights = dict(linear_weights(model))
checked = {}
for name, mask in masks.items():
    if name not in weights:
        raise KeyError(f"apply_masks: the model has no Linear weight {name!r}; it has {sorted(weights)}")
    mask = np.asarray(mask)
    if mask.dtype != bool or mask.shape != weights[name].shape:
        raise ValueError(f"apply_masks: mask {name!r} must be bool of shape {weights[name].shape}, "
                         f"got {mask.dtype} of shape {mask.shape}")
    checked[name] = mask
for name, mask in checked.items():
    weights[name].data[...] = np.where(mask, weights[name].data, 0)
### END SOLUTION
### BEGIN SOLUTION
pairs = [(self.weights[name], np.asarray(mask)) for name, mask in self.masks.items()]
for weight, mask in pairs:
    if weight.grad is not None:
        weight.grad = np.where(mask, weight.grad, 0).astype(weight.grad.dtype)
self.optimizer.step()
for weight, mask in pairs:
    weight.data[~mask] = 0
### END SOLUTION
