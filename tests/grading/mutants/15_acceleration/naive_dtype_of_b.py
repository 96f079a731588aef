"matmul_naive allocates the output with b's dtype: float64 @ float32 gives float32, but the spec says np.result_type(a, b)."
REPLACES = "matmul_naive"
FAILS = ["test_matmul_naive"]


def matmul_naive(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.zeros((m, n), dtype=b.dtype)                   # BUG: dtype of b only, not np.result_type(a, b)
    for i in range(m):
        for j in range(n):
            total = 0.0
            for p in range(k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
