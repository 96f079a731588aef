# CELL: optimize_digits
# EXPECT: wrong
# WHY: wraps the pruned sparse-int8 model in a Module subclass of its own: save_artifact cannot save it (not in the artifact's layer vocabulary), so the grader cannot load it
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 15 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=0)

    class Int8Digits(Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            return self.inner(x)

    return Int8Digits(quantize_model(pruned, [X_train], sparse="auto"))
