"to_csr keeps np.nonzero's int64 indices (documented: int32, 4 bytes per index)."
REPLACES = "to_csr"
FAILS = ["test_to_csr"]


def to_csr(weight):
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected 2-D, got {weight.shape}")
    rows, cols = np.nonzero(weight)
    counts = np.bincount(rows, minlength=weight.shape[0])
    indptr = np.concatenate([[0], np.cumsum(counts)])                 # BUG: int64
    return CSR(weight[rows, cols], cols, indptr, (int(weight.shape[0]), int(weight.shape[1])))
