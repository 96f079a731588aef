"csr_matmul loops over rows - 1 rows, never adding the last row's contributions."
REPLACES = "csr_matmul"
FAILS = ["test_csr_matmul"]


def csr_matmul(x, csr):
    rows, cols = csr.shape
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != rows:
        raise ValueError(f"csr_matmul: x must be (batch, {rows}), got {getattr(x, 'shape', None)}")
    out = np.zeros((x.shape[0], cols), dtype=np.result_type(x, csr.data))
    for r in range(rows - 1):                                        # BUG: off by one
        start, end = csr.indptr[r], csr.indptr[r + 1]
        out[:, csr.indices[start:end]] += x[:, r:r + 1] * csr.data[start:end]
    return out
