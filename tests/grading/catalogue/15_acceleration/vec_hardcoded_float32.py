# CELL: matmul_vectorized
# EXPECT: wrong
# WHY: output hard-coded float32: float64 inputs are silently rounded (spec: dtype np.result_type(a, b))
#| export
def matmul_vectorized(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b): one Python loop over rows, NumPy inside."""
    m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
    out = np.empty((m, n), dtype=np.float32)
    for i in range(m):
        out[i, :] = a[i, :] @ b
    return out
