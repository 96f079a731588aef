# CELL: matmul_naive
# EXPECT: correct
# WHY: same three loops written as while loops with a zeros output; identical float arithmetic and order
#| export
def matmul_naive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), with three nested Python loops."""
    m, k, n = check_matmul_operands(a, b, "matmul_naive")
    out = np.zeros((m, n), dtype=np.result_type(a, b))
    i = 0
    while i < m:
        j = 0
        while j < n:
            acc = 0.0
            p = 0
            while p < k:
                acc = acc + a[i, p] * b[p, j]
                p += 1
            out[i, j] = acc
            j += 1
        i += 1
    return out
