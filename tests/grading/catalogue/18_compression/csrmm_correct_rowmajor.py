# CELL: csr_matmul
# EXPECT: correct
# WHY: scatters into columns of a row-major (batch, cols) output directly, without the transposes (slower, same values)
#| export
def csr_matmul(x: np.ndarray, csr: CSR) -> np.ndarray:
    """x (batch, rows) @ the matrix `csr` stands for -> (batch, cols), dtype np.result_type(x, csr.data).

    Loops over the stored rows: row r's nonzeros add x[:, r] * value to their output columns."""
    rows, cols = csr.shape
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != rows:
        raise ValueError(f"csr_matmul: x must be 2-D of shape (batch, {rows}) for a {csr.shape} matrix, "
                         f"got {getattr(x, 'shape', type(x).__name__)}")
    out = np.zeros((x.shape[0], cols), dtype=np.result_type(x, csr.data))
    for r in range(rows):
        lo, hi = int(csr.indptr[r]), int(csr.indptr[r + 1])
        if hi > lo:
            out[:, csr.indices[lo:hi]] += x[:, r:r + 1] * csr.data[lo:hi]
    return out
