"optimize_digits prunes and fine-tunes the caller's model in place before quantizing it: the input model is changed."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    masks = global_magnitude_prune(model, 0.7)                       # BUG: modifies the input model
    fine_tune(model, masks, X_train, y_train, epochs=4, seed=0)
    return quantize_model(model, [X_train], sparse="auto")
