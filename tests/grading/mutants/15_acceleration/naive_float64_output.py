"matmul_naive allocates its output with NumPy's default dtype, so float32 inputs come back as float64."
REPLACES = "matmul_naive"
FAILS = ["test_matmul_naive"]


def matmul_naive(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.zeros((m, n))                                  # BUG: float64 whatever the inputs are
    for i in range(m):
        for j in range(n):
            for p in range(k):
                out[i, j] += a[i, p] * b[p, j]
    return out
