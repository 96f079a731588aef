"optimize_digits prunes and fine-tunes on its training data but calibrates the sparse INT8 activation ranges on the notebook's test images (its global X_test): the spec allows only the X_train, y_train arguments (never the test set); the grader detects it by what the calibration saw."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]
X_test = load_digits()[2]            # the notebook's global (its first code cell; not among the harness's setup cells)


def optimize_digits(model, X_train, y_train):
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=0)
    return quantize_model(pruned, [X_test[:256]], sparse="auto")    # BUG: the held-out test set
