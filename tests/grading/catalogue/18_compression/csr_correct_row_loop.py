# CELL: csr
# EXPECT: correct
# WHY: a Python loop over rows with np.flatnonzero, int32 via np.array(..., dtype=np.int32); same arrays
#| export
def to_csr(weight: np.ndarray) -> CSR:
    """CSR form of a 2-D array: nonzero values (weight's dtype), int32 column indices, int32 row pointers."""
    weight = np.asarray(weight)
    if weight.ndim != 2:
        raise ValueError(f"to_csr: expected a 2-D array, got shape {weight.shape}")
    data, indices, indptr = [], [], [0]
    for r in range(weight.shape[0]):
        cols = np.flatnonzero(weight[r] != 0)
        data.append(weight[r, cols])
        indices.append(cols)
        indptr.append(indptr[-1] + len(cols))
    data = np.concatenate(data) if data else np.zeros(0, dtype=weight.dtype)
    indices = np.concatenate(indices) if indices else np.zeros(0)
    return CSR(data.astype(weight.dtype), np.asarray(indices, dtype=np.int32), np.array(indptr, dtype=np.int32),
               (int(weight.shape[0]), int(weight.shape[1])))


def csr_nbytes(csr: CSR) -> int:
    "Bytes of the three arrays of `csr` (data, indices, indptr)."
    return sum(int(a.nbytes) for a in (csr.data, csr.indices, csr.indptr))
