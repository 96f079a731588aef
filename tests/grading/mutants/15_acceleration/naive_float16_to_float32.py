"matmul_naive maps every non-float64 input to float32: float16 @ float16 gives float32, not np.result_type(a, b) = float16."
REPLACES = "matmul_naive"
FAILS = ["test_matmul_naive"]


def matmul_naive(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    dtype = np.float64 if np.float64 in (a.dtype, b.dtype) else np.float32   # BUG: float16 becomes float32
    out = np.empty((m, n), dtype=dtype)
    for i in range(m):
        for j in range(n):
            total = 0.0
            for p in range(k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
