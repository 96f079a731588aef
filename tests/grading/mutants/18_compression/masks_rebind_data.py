"""apply_masks assigns a new array (np.where(mask, data, 0)) to weight.data instead of zeroing the existing array in
place: the spec says "in place" (the weight's own array is modified), so code holding that array, e.g. a view of it,
never sees the zeros. MaskedOptimizer uses it, so the wrapped weights are rebound too."""
REPLACES = "apply_masks"
FAILS = ["test_masked_optimizer"]


def apply_masks(model, masks):
    weights = dict(linear_weights(model))
    for name, mask in masks.items():
        if name not in weights:
            raise KeyError(f"apply_masks: the model has no Linear weight {name!r}; it has {sorted(weights)}")
        mask = np.asarray(mask)
        if mask.dtype != np.bool_ or mask.shape != weights[name].shape:
            raise ValueError(f"apply_masks: mask {name!r} must be bool of shape {weights[name].shape}")
        weights[name].data = np.where(mask, weights[name].data, 0).astype(weights[name].data.dtype)    # BUG: rebinds
