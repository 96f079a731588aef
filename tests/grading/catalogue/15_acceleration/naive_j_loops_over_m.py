# CELL: matmul_naive
# EXPECT: wrong
# WHY: column loop bound uses m (rows of a) instead of n (columns of b): only right for square outputs (visible test is 2x2)
#| export
def matmul_naive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), with three nested Python loops."""
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for i in range(m):
        for j in range(m):
            total = 0.0
            for p in range(k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
