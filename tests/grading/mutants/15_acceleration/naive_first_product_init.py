"matmul_naive starts each dot product from the first product a[i, 0] * b[0, j]: k = 0 raises IndexError, but zero sizes must behave like np.matmul (an empty sum is 0)."
REPLACES = "matmul_naive"
FAILS = ["test_matmul_naive"]


def matmul_naive(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for i in range(m):
        for j in range(n):
            total = a[i, 0] * b[0, j]                       # BUG: no empty sum when k == 0
            for p in range(1, k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
