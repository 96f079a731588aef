# CELL: matmul_vectorized
# EXPECT: wrong
# WHY: no check_matmul_operands: 1-D / 3-D operands give IndexError or NumPy's own message instead of the ValueError naming both shapes
#| export
def matmul_vectorized(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b): one Python loop over rows, NumPy inside."""
    m, n = a.shape[0], b.shape[1]
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for i in range(m):
        out[i, :] = a[i, :] @ b
    return out
