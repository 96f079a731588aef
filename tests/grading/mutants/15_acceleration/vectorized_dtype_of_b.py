"matmul_vectorized allocates the output with b's dtype: float64 @ float32 gives float32, not np.result_type(a, b)."
REPLACES = "matmul_vectorized"
FAILS = ["test_matmul_vectorized"]


def matmul_vectorized(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
    out = np.empty((m, n), dtype=b.dtype)                   # BUG: dtype of b only
    for i in range(m):
        out[i, :] = a[i, :] @ b
    return out
