"to_csr walks the matrix column by column (that is CSC, not CSR): indices hold row numbers."
REPLACES = "to_csr"
FAILS = ["test_to_csr"]


def to_csr(weight):
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected 2-D, got {weight.shape}")
    cols, rows = np.nonzero(weight.T)                                # BUG: column-major order
    counts = np.bincount(cols, minlength=weight.shape[1])
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return CSR(weight[rows, cols], rows.astype(np.int32), indptr, (int(weight.shape[0]), int(weight.shape[1])))
