"MaskedOptimizer.step multiplies every masked weight's gradient without checking for None: a step when a weight has no gradient (tinytorch optimizers skip those) crashes (Task 3: step() must work when grad is None)."
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
            weight.grad = weight.grad * mask                            # BUG: None * mask raises
        self.optimizer.step()
        apply_masks(self.model, self.masks)
