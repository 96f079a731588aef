"matmul_naive loops i over n and j over m: right for square matrices, wrong for rectangular ones."
REPLACES = "matmul_naive"
FAILS = ["test_matmul_naive"]


def matmul_naive(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.zeros((m, n), dtype=np.result_type(a, b))
    for i in range(n):                                      # BUG: bounds of i and j swapped
        for j in range(m):
            total = 0.0
            for p in range(k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
