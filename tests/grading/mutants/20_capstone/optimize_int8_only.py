"optimize_digits makes one call, quantize_model: dense INT8 passes the gate but keeps 27 % of the bytes (the budget is 15 %): the zeros pruning would create, and their storage, are missing."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]


def optimize_digits(model, X_train, y_train):
    return quantize_model(model, [X_train])                          # BUG: one tool; 27 % of the bytes
