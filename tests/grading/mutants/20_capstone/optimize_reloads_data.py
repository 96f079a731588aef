"optimize_digits ignores its X_train, y_train arguments and fine-tunes and calibrates on load_digits()'s training split: the spec says to use only the arguments (the grader decides what you train on)."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    X_all, y_all = load_digits()[:2]                                 # BUG: not the arguments
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_all, y_all, epochs=4, seed=0)
    return quantize_model(pruned, [X_all], sparse="auto")
