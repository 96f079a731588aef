# CELL: matmul_naive
# EXPECT: wrong
# WHY: accumulates with += directly into np.empty output (never initialised): garbage start values, violates 'accumulate each dot product in a local variable'/use zeros
#| export
def matmul_naive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), with three nested Python loops."""
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for i in range(m):
        for j in range(n):
            for p in range(k):
                out[i, j] += a[i, p] * b[p, j]
    return out
