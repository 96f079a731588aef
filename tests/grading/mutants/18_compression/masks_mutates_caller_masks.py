"MaskedOptimizer.step caches float copies of the masks in self.masks, which is the caller's dict: afterwards the caller's masks are float arrays, and apply_masks(model, masks) with them raises (Task 3: step() must not change self.masks, the caller's dict)."
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
        for name in list(self.masks):
            self.masks[name] = np.asarray(self.masks[name], dtype=np.float32)   # BUG: rewrites the caller's dict
            weight = self.weights[name]
            if weight.grad is not None:
                weight.grad = weight.grad * self.masks[name]
        self.optimizer.step()
        for name, mask in self.masks.items():
            self.weights[name].data *= mask
