"optimize_digits seeds nothing and relies on the global NumPy RNG state, which it re-seeds only on the first call: later calls (after other code used the RNG) fine-tune with another shuffle seed; the result must not depend on the order of calls."
REPLACES = "optimize_digits"
FAILS = ["test_optimize_digits"]
_seeded = []


def optimize_digits(model, X_train, y_train):
    if not _seeded:                                                  # BUG: seeds the global RNG once only
        np.random.seed(0)
        _seeded.append(True)
    pruned = copy.deepcopy(model)
    masks = global_magnitude_prune(pruned, 0.7)
    fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=int(np.random.randint(1000)))
    return quantize_model(pruned, [X_train], sparse="auto")
