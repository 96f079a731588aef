# CELL: matmul_vectorized
# EXPECT: correct
# WHY: zeros output and np.dot of each row with b (same row-wise BLAS call as a[i, :] @ b)
#| export
def matmul_vectorized(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b): one Python loop over rows, NumPy inside."""
    m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
    out = np.zeros((m, n), dtype=np.result_type(a, b))
    for i, row in enumerate(a):
        out[i] = np.dot(row, b)
    return out
