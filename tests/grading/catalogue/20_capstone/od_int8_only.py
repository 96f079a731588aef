# CELL: optimize_digits
# EXPECT: wrong
# WHY: one call, static per-channel int8 (the reference of the old 30 % budget): passes the gate but stores 27 % of the bytes, over the 15 % budget (EXPECT was correct before the budget changed)
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 15 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    return quantize_model(model, [X_train[:256]])
