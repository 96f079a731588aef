"""apply_masks multiplies by the mask without checking it: a float or wrongly shaped mask is silently accepted
(broadcast) and an unknown name is skipped."""
REPLACES = "apply_masks"
FAILS = ["test_masked_optimizer"]


def apply_masks(model, masks):
    weights = dict(linear_weights(model))
    for name, mask in masks.items():
        if name in weights:                                          # BUG: no errors at all
            weights[name].data *= np.asarray(mask, dtype=weights[name].dtype)
