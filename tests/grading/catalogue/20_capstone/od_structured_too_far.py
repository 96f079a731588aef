# CELL: optimize_digits
# EXPECT: wrong
# WHY: removes 90 % of the neurons of both hidden layers without fine-tuning: small, but fails the accuracy gate
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 15 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    return structured_prune(structured_prune(model, 0, 0.9), 2, 0.9)
