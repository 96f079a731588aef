"apply_masks zeroes the KEPT weights (mask True) instead of the pruned ones."
REPLACES = "apply_masks"
FAILS = ["test_masked_optimizer"]


def apply_masks(model, masks):
    weights = dict(linear_weights(model))
    for name, mask in masks.items():
        if name not in weights:
            raise KeyError(f"apply_masks: no Linear weight {name!r}")
        mask = np.asarray(mask)
        if mask.dtype != np.bool_ or mask.shape != weights[name].shape:
            raise ValueError(f"apply_masks: bad mask for {name!r}")
        weights[name].data[mask] = 0                                  # BUG: True means keep
