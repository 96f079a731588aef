"to_csr treats |w| <= 1e-12 as zero: tiny nonzero weights are dropped (Task 4: nonzero means != 0)."
REPLACES = "to_csr"
FAILS = ["test_to_csr"]


def to_csr(weight):
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected 2-D, got {weight.shape}")
    rows, cols = np.nonzero(np.abs(weight) > 1e-12)                     # BUG: tiny values are not zeros
    counts = np.bincount(rows, minlength=weight.shape[0])
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return CSR(weight[rows, cols], cols.astype(np.int32), indptr, (int(weight.shape[0]), int(weight.shape[1])))
