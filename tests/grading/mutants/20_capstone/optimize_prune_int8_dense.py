"optimize_digits prunes 70 % and fine-tunes, then quantizes with dense int8 storage (sparse=False): every zero still costs a byte, 27 % of the float32 bytes (the budget is 15 %)."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=0)
    return quantize_model(pruned, [X_train], sparse=False)          # BUG: zeros stored densely
