"to_csr stores the number of nonzeros of each row in indptr instead of the running offsets."
REPLACES = "to_csr"
FAILS = ["test_to_csr"]


def to_csr(weight):
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected 2-D, got {weight.shape}")
    rows, cols = np.nonzero(weight)
    counts = np.bincount(rows, minlength=weight.shape[0])
    indptr = np.concatenate([[0], counts]).astype(np.int32)          # BUG: not cumulative
    return CSR(weight[rows, cols], cols.astype(np.int32), indptr, (int(weight.shape[0]), int(weight.shape[1])))
