# CELL: optimize_digits
# EXPECT: wrong
# WHY: prunes and fine-tunes on the training data, but calibrates the sparse int8 scales on the held-out test images (load_digits()[2]) instead of the training data it was given
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 15 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=0)
    return quantize_model(pruned, [load_digits()[2]], sparse="auto")
