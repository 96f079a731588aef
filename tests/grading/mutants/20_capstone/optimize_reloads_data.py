"optimize_digits ignores its X_train argument and reloads the data with load_digits(): the spec says to use only the arguments (the grader decides what you train on), so calibration must see exactly the X_train passed in."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    X_all = load_digits()[0]                                          # BUG: not the argument
    return quantize_model(model, [X_all[:256]])
