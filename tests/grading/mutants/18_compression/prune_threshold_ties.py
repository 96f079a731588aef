"magnitude_prune finds the k-th smallest |w| and prunes every |w| <= it: a tie at the threshold prunes more than round(sparsity * size) weights (Task 1: exactly round(sparsity * size), ties by lower flat index)."
REPLACES = "magnitude_prune"
FAILS = ["test_magnitude_prune"]


def magnitude_prune(weight, sparsity):
    sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
    weight = np.asarray(weight)
    n_prune = round(sparsity * weight.size)
    if n_prune == 0:
        return np.ones(weight.shape, dtype=bool)
    threshold = np.sort(np.abs(weight).ravel())[n_prune - 1]
    return np.abs(weight) > threshold                                 # BUG: all ties at the threshold go
