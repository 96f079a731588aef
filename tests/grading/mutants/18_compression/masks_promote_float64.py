"MaskedOptimizer.step re-applies the masks by multiplying with a float64 copy of the mask and rebinding .data: the float32 weights silently become float64 (Task 3: the model keeps its dtype; pruned weights set to 0 in place)."
REPLACES = "MaskedOptimizer"
FAILS = ["test_masked_optimizer"]


class MaskedOptimizer:
    def __init__(self, optimizer, model, masks):
        self.optimizer, self.model, self.masks = optimizer, model, masks
        self.weights = dict(linear_weights(model))
        apply_masks(model, masks)

    def zero_grad(self):
        self.optimizer.zero_grad()

    def step(self):
        for name, mask in self.masks.items():
            weight = self.weights[name]
            if weight.grad is not None:
                weight.grad = weight.grad * mask
        self.optimizer.step()
        for name, mask in self.masks.items():
            weight = self.weights[name]
            weight.data = weight.data * mask.astype(np.float64)         # BUG: float32 weights become float64
