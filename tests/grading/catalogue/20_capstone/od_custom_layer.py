# CELL: optimize_digits
# EXPECT: wrong
# WHY: wraps the quantized model in a Module subclass of its own: the grader cannot rebuild it from tinytorch's classes
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 30 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    # Module 17: static per-channel INT8, calibrated on training images: a quarter of the bytes (plus scales) and no
    # retraining, so the accuracy does not depend on how a training run happens to land. (Structured pruning +
    # fine-tuning before it gets to ~15-20 % of the bytes, but lands within one to three test images of the gate.)
    class Int8Digits(Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            return self.inner(x)

    return Int8Digits(quantize_model(model, [X_train[:256]]))
