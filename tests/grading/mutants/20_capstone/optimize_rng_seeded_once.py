"optimize_digits draws its calibration images from an RNG seeded once when the cell runs: the first call is reproducible across runs, but the second call in the same session calibrates on other images; the spec requires every call to give the same model."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]
_rng = np.random.default_rng(0)                                      # BUG: shared state across calls


def optimize_digits(model, X_train, y_train):
    pick = _rng.choice(len(X_train), 256, replace=False)
    return quantize_model(model, [X_train[pick]])
