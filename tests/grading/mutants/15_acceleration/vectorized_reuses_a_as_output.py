"""matmul_vectorized saves an allocation by writing the result into `a` when it has the output's shape and dtype:
right values (row i of a is read before it is overwritten), but the caller's `a` is destroyed and the result aliases
it. The spec: the output is a new (m, n) array, and the inputs are read as given (never written)."""
REPLACES = "matmul_vectorized"
FAILS = ["test_matmul_vectorized"]


def matmul_vectorized(a, b):
    m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
    dtype = np.result_type(a, b)
    if a.shape == (m, n) and a.dtype == dtype:
        out = a                                             # BUG: overwrites the input a
    else:
        out = np.empty((m, n), dtype=dtype)
    for i in range(m):
        out[i, :] = a[i, :] @ b
    return out
