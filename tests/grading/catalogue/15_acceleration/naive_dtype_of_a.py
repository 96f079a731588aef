# CELL: matmul_naive
# EXPECT: wrong
# WHY: output allocated with a.dtype instead of np.result_type(a, b): float32 @ float64 gives float32 (spec: anything with float64 is float64)
#| export
def matmul_naive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), with three nested Python loops."""
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.empty((m, n), dtype=a.dtype)
    for i in range(m):
        for j in range(n):
            total = 0.0
            for p in range(k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
