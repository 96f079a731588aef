"csr_matmul does not check x's shape: a too-wide x is silently truncated."
REPLACES = "csr_matmul"
FAILS = ["test_csr_matmul"]


def csr_matmul(x, csr):
    rows, cols = csr.shape                                           # BUG: no validation
    out = np.zeros((x.shape[0], cols), dtype=np.result_type(x, csr.data))
    for r in range(min(rows, x.shape[1])):
        start, end = csr.indptr[r], csr.indptr[r + 1]
        out[:, csr.indices[start:end]] += x[:, r:r + 1] * csr.data[start:end]
    return out
