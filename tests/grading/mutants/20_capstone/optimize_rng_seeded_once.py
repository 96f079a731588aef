"optimize_digits draws its fine-tuning seed from an RNG seeded once when the cell runs: the first call is reproducible across runs, but the second call in the same session trains differently; the spec requires every call to give the same model."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]
_rng = np.random.default_rng(0)                                      # BUG: shared state across calls


def optimize_digits(model, X_train, y_train):
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=int(_rng.integers(1000)))
    return quantize_model(pruned, [X_train], sparse="auto")
