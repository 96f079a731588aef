"MaskedOptimizer re-applies the masks BEFORE the optimizer step, so every step ends with revived weights."
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
        apply_masks(self.model, self.masks)                          # BUG: wrong order
        self.optimizer.step()
