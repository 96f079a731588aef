"MaskedOptimizer.step loops over every Linear weight and looks its mask up with self.masks[name]: masks for only some layers (or the empty dict of fine_tune) raise KeyError (Task 3: masks may name any subset of the Linear weights)."
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
        for name, weight in self.weights.items():
            mask = self.masks[name]                                     # BUG: KeyError for an unmasked layer
            if weight.grad is not None:
                weight.grad = weight.grad * mask
        self.optimizer.step()
        for name, weight in self.weights.items():
            weight.data[~self.masks[name]] = 0
