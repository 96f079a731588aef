# CELL: optimize_digits
# EXPECT: wrong
# WHY: 70 % global magnitude pruning + fine-tuning: zeros in dense arrays still count, so the model keeps 100 % of the bytes (target <= 15 %)
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 15 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=0)
    return pruned
