# CELL: optimize_digits
# EXPECT: correct
# WHY: static per-channel int8 calibrated on the whole training set (not only the first 256 images)
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 30 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    # Module 17: static per-channel INT8, calibrated on training images: a quarter of the bytes (plus scales) and no
    # retraining, so the accuracy does not depend on how a training run happens to land. (Structured pruning +
    # fine-tuning before it gets to ~15-20 % of the bytes, but lands within one to three test images of the gate.)
    return quantize_model(model, [X_train])
