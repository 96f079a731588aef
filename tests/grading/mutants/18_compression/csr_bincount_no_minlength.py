"to_csr counts nonzeros per row with np.bincount(rows) without minlength: trailing empty rows are missing from indptr, which must have rows + 1 entries (Task 4, CSR docstring)."
REPLACES = "to_csr"
FAILS = ["test_to_csr"]


def to_csr(weight):
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected 2-D, got {weight.shape}")
    rows, cols = np.nonzero(weight)
    counts = np.bincount(rows)                                          # BUG: no minlength=weight.shape[0]
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return CSR(weight[rows, cols], cols.astype(np.int32), indptr, (int(weight.shape[0]), int(weight.shape[1])))
