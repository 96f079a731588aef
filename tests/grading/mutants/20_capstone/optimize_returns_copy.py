"optimize_digits returns an unchanged fp32 copy: accurate, but 100 % of the bytes."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    return copy.deepcopy(model)                                      # BUG: nothing optimized
