# CELL: csr
# EXPECT: wrong
# WHY: shape holds NumPy int64 scalars (tuple(np.array(shape))) instead of Python ints
#| export
def to_csr(weight: np.ndarray) -> CSR:
    """CSR form of a 2-D array: nonzero values (weight's dtype), int32 column indices, int32 row pointers."""
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected a 2-D weight, got shape {weight.shape}")
    rows, cols = np.nonzero(weight)                                  # row-major: row by row, columns ascending
    if rows.size >= 2**31 or weight.shape[1] >= 2**31:
        raise ValueError(f"to_csr: {rows.size} nonzeros do not fit the int32 indices of this format")
    counts = np.bincount(rows, minlength=weight.shape[0])           # nonzeros per row
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    shape = tuple(np.array(weight.shape))
    return CSR(weight[rows, cols], cols.astype(np.int32), indptr, shape)


def csr_nbytes(csr: CSR) -> int:
    "Bytes of the three arrays of `csr` (data, indices, indptr)."
    return int(csr.data.nbytes + csr.indices.nbytes + csr.indptr.nbytes)
