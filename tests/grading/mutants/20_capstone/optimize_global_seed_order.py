"optimize_digits seeds nothing and relies on the global NumPy RNG state, which it re-seeds only on the first call: later calls (after other code used the RNG) calibrate on other images; the result must not depend on the order of calls."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]
_seeded = []


def optimize_digits(model, X_train, y_train):
    if not _seeded:                                                  # BUG: seeds the global RNG once only
        np.random.seed(0)
        _seeded.append(True)
    pick = np.random.permutation(len(X_train))[:256]
    return quantize_model(model, [X_train[pick]])
