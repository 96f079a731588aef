# CELL: optimize_digits
# EXPECT: wrong
# WHY: prunes and fine-tunes the given `model` in place before quantizing it (spec: do not modify `model` itself)
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 15 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    masks = global_magnitude_prune(model, 0.7)
    fine_tune(model, masks, X_train, y_train, epochs=4, seed=0)
    return quantize_model(model, [X_train], sparse="auto")
