# CELL: optimize_digits
# EXPECT: wrong
# WHY: fine-tunes the given `model` in place before quantizing it (spec: do not modify `model` itself)
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 30 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    # Module 17: static per-channel INT8, calibrated on training images: a quarter of the bytes (plus scales) and no
    # retraining, so the accuracy does not depend on how a training run happens to land. (Structured pruning +
    # fine-tuning before it gets to ~15-20 % of the bytes, but lands within one to three test images of the gate.)
    fine_tune(model, {}, X_train, y_train, epochs=1, seed=0)
    return quantize_model(model, [X_train[:256]])
