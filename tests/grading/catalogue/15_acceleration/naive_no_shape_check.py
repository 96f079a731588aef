# CELL: matmul_naive
# EXPECT: wrong
# WHY: skips check_matmul_operands and reads sizes from shapes: mismatched inner dims give IndexError or a silently truncated sum instead of ValueError naming both shapes
#| export
def matmul_naive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), with three nested Python loops."""
    m, k = a.shape
    n = b.shape[1]
    out = np.zeros((m, n), dtype=np.result_type(a, b))
    for i in range(m):
        for j in range(n):
            total = 0.0
            for p in range(k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
