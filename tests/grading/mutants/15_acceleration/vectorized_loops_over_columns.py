"matmul_vectorized loops over the n columns of b (out[:, j] = a @ b[:, j]) instead of the m rows of a that the task specifies."
REPLACES = "matmul_vectorized"
FAILS = ["test_matmul_vectorized"]


def matmul_vectorized(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for j in range(n):                                      # BUG: the loop runs over the columns of b
        out[:, j] = a @ b[:, j]
    return out
