# CELL: matmul_naive
# EXPECT: wrong
# WHY: initialises the accumulator from the first product (a[i,0]*b[0,j]), so k == 0 raises IndexError instead of returning zeros (out[i,j] is an empty sum)
#| export
def matmul_naive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), with three nested Python loops."""
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for i in range(m):
        for j in range(n):
            total = a[i, 0] * b[0, j]
            for p in range(1, k):
                total += a[i, p] * b[p, j]
            out[i, j] = total
    return out
