"to_csr derives shape from what it stored, (len(indptr) - 1, indices.max() + 1): trailing all-zero columns are lost, and the entries are NumPy ints (Task 4: shape = the weight's (rows, cols), Python ints)."
REPLACES = "to_csr"
FAILS = ["test_to_csr"]


def to_csr(weight):
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected 2-D, got {weight.shape}")
    rows, cols = np.nonzero(weight)
    counts = np.bincount(rows, minlength=weight.shape[0])
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    shape = (indptr.size - 1, cols.max() + 1 if cols.size else weight.shape[1])   # BUG: from the stored columns
    return CSR(weight[rows, cols], cols.astype(np.int32), indptr, shape)
