"optimize_digits prunes the caller's model in place before quantizing it: the input model is changed."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    global_magnitude_prune(model, 0.2)                               # BUG: modifies the input model
    return quantize_model(model, [X_train[:256]])
