"csr_matmul accumulates into np.zeros' default float64: float32 inputs give a float64 result."
REPLACES = "csr_matmul"
FAILS = ["test_csr_matmul"]


def csr_matmul(x, csr):
    rows, cols = csr.shape
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != rows:
        raise ValueError(f"csr_matmul: x must be (batch, {rows}), got {getattr(x, 'shape', None)}")
    out = np.zeros((x.shape[0], cols))                               # BUG: float64
    for r in range(rows):
        start, end = csr.indptr[r], csr.indptr[r + 1]
        out[:, csr.indices[start:end]] += x[:, r:r + 1] * csr.data[start:end]
    return out
