# CELL: optimize_digits
# EXPECT: wrong
# WHY: 70 % global magnitude pruning + fine-tuning: zeros in dense arrays still count, so the model keeps 100 % of the bytes (target <= 30 %)
#| export
def optimize_digits(model: Module, X_train: np.ndarray, y_train: np.ndarray) -> Module:
    """An optimized copy of the digits MLP `model`: <= 30 % of its bytes and >= 99 % of its test accuracy.
    X_train float32 (N, 64), y_train int64 (N,) may be used for calibration and fine-tuning."""
    # Module 17: static per-channel INT8, calibrated on training images: a quarter of the bytes (plus scales) and no
    # retraining, so the accuracy does not depend on how a training run happens to land. (Structured pruning +
    # fine-tuning before it gets to ~15-20 % of the bytes, but lands within one to three test images of the gate.)
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=2, seed=0)
    return pruned
