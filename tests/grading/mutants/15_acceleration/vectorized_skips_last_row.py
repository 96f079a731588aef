"matmul_vectorized stops one row early (range(m - 1)); the last output row stays zero."
REPLACES = "matmul_vectorized"
FAILS = ["test_matmul_vectorized"]


def matmul_vectorized(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
    out = np.zeros((m, n), dtype=np.result_type(a, b))
    for i in range(m - 1):                                  # BUG: off by one
        out[i, :] = a[i, :] @ b
    return out
