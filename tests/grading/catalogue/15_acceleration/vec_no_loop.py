# CELL: matmul_vectorized
# EXPECT: wrong
# WHY: returns a @ b after the check: no Python loop over rows at all, ignoring 'one Python loop over the rows i of a'
#| export
def matmul_vectorized(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b): one Python loop over rows, NumPy inside."""
    check_matmul_operands(a, b, "matmul_vectorized")
    return a @ b
