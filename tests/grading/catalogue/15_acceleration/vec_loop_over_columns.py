# CELL: matmul_vectorized
# EXPECT: wrong
# WHY: loops over the n columns of b (out[:, j] = a @ b[:, j]) instead of the m rows of a as the task specifies
#| export
def matmul_vectorized(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b): one Python loop over rows, NumPy inside."""
    m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for j in range(n):
        out[:, j] = a @ b[:, j]
    return out
