"matmul_vectorized without the shape check: mismatched operands give a NumPy error, not the kernel's ValueError."
REPLACES = "matmul_vectorized"
FAILS = ["test_matmul_vectorized"]


def matmul_vectorized(a, b):
    m, n = a.shape[0], b.shape[1]                           # BUG: no check_matmul_operands
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for i in range(m):
        out[i, :] = a[i, :] @ b
    return out
