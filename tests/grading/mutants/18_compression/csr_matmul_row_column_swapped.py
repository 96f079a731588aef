"csr_matmul treats indices as the input position and the row as the output column (computes x @ W.T for square W)."
REPLACES = "csr_matmul"
FAILS = ["test_csr_matmul"]


def csr_matmul(x, csr):
    rows, cols = csr.shape
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != rows:
        raise ValueError(f"csr_matmul: x must be (batch, {rows}), got {getattr(x, 'shape', None)}")
    out = np.zeros((x.shape[0], max(rows, cols)), dtype=np.result_type(x, csr.data))
    xp = np.zeros((x.shape[0], max(rows, cols)), dtype=x.dtype)
    xp[:, :rows] = x
    for r in range(rows):
        start, end = csr.indptr[r], csr.indptr[r + 1]
        out[:, r] += xp[:, csr.indices[start:end]] @ csr.data[start:end]   # BUG: transposed roles
    return out[:, :cols]
