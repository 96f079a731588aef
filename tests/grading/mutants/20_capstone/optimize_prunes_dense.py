"optimize_digits zeroes 80 % of the weights and keeps dense float32 arrays: zeros in a dense array still cost bytes."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.8)
    fine_tune(pruned, masks, X_train, y_train, epochs=2, seed=0)
    return pruned                                                    # BUG: same bytes as fp32
