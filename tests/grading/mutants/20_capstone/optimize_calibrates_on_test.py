"optimize_digits calibrates its INT8 activation ranges on the notebook's test images (its global X_test) instead of the training data it is given: the spec allows only the X_train, y_train arguments (never the test set); the grader detects it by what the calibration saw."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]
X_test = load_digits()[2]            # the notebook's global (its first code cell; not among the harness's setup cells)


def optimize_digits(model, X_train, y_train):
    return quantize_model(model, [X_test[:256]])                     # BUG: the held-out test set
