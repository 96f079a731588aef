"csr_matmul allocates its output with x's dtype: float32 x times a float64 matrix is truncated to float32 (Task 4: dtype np.result_type(x, csr.data))."
REPLACES = "csr_matmul"
FAILS = ["test_csr_matmul"]


def csr_matmul(x, csr):
    rows, cols = csr.shape
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != rows:
        raise ValueError(f"csr_matmul: x {getattr(x, 'shape', None)} does not fit a {csr.shape} matrix")
    out = np.zeros((x.shape[0], cols), dtype=x.dtype)                  # BUG: not np.result_type(x, csr.data)
    for r in range(rows):
        start, end = csr.indptr[r], csr.indptr[r + 1]
        out[:, csr.indices[start:end]] += x[:, r:r + 1] * csr.data[start:end]
    return out
