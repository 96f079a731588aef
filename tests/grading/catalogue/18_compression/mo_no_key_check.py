# CELL: masked_optimizer
# EXPECT: wrong
# WHY: apply_masks silently skips a mask whose name is not a Linear weight of the model (spec: KeyError naming it)
#| export
def apply_masks(model: nn.Module, masks: dict) -> None:
    """Set to 0, in place, every Linear weight entry of `model` whose mask entry is False.

    masks: {name from linear_weights(model): bool array of that weight's shape}."""
    weights = dict(linear_weights(model))
    for name, mask in masks.items():
        if name not in weights:
            continue
        mask = np.asarray(mask)
        if mask.dtype != np.bool_ or mask.shape != weights[name].shape:
            raise ValueError(f"apply_masks: mask {name!r} must be bool of shape {weights[name].shape}, "
                             f"got {mask.dtype} of shape {mask.shape}")
        weights[name].data[~mask] = 0


class MaskedOptimizer:
    """Wrap `optimizer` so that the pruned weights of `model` (False in `masks`) stay exactly 0 through every step."""

    def __init__(self, optimizer: nn.Optimizer, model: nn.Module, masks: dict):
        self.optimizer, self.model, self.masks = optimizer, model, masks
        self.weights = dict(linear_weights(model))
        apply_masks(model, masks)

    def zero_grad(self) -> None:
        self.optimizer.zero_grad()

    def step(self) -> None:
        "One step of the wrapped optimizer; afterwards every pruned weight is exactly 0."
        for name, mask in self.masks.items():          # no gradient: the optimizer's state stops growing for them
            weight = self.weights[name]
            if weight.grad is not None:
                weight.grad = weight.grad * mask        # a new array: never edit a gradient another tensor may share
        self.optimizer.step()
        apply_masks(self.model, self.masks)           # momentum from before pruning still moved them
