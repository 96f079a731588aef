# CELL: csr_matmul
# EXPECT: wrong
# WHY: out[cols] = ... instead of +=: a column fed by several rows keeps only the last row's contribution
#| export
def csr_matmul(x: np.ndarray, csr: CSR) -> np.ndarray:
    """x (batch, rows) @ the matrix `csr` stands for -> (batch, cols), dtype np.result_type(x, csr.data).

    Loops over the stored rows: row r's nonzeros add x[:, r] * value to their output columns."""
    rows, cols = csr.shape
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != rows:
        raise ValueError(f"csr_matmul: x must be 2-D of shape (batch, {rows}) for a {csr.shape} matrix, "
                         f"got {getattr(x, 'shape', type(x).__name__)}")
    x_t = np.ascontiguousarray(x.T)           # (rows, batch): row r of the weight meets a contiguous x_t[r]
    out_t = np.zeros((cols, x.shape[0]), dtype=np.result_type(x, csr.data))
    for r in range(rows):
        start, end = csr.indptr[r], csr.indptr[r + 1]
        if start < end:                        # columns within a row are distinct, so += on fancy indices is safe
            out_t[csr.indices[start:end]] = csr.data[start:end, None] * x_t[r]
    return out_t.T
