# Alternative: each output tile is Python's sum() of its tile products, written into an np.empty output of
# np.result_type(a, b); tile ends computed explicitly; tile validated with operator.index inside try.
### BEGIN SOLUTION
import operator
try:
    if isinstance(tile, bool):
        raise TypeError
    size = operator.index(tile)
except TypeError:
    raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}") from None
if size <= 0:
    raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
m, k, n = check_matmul_operands(a, b, "matmul_blocked")
out = np.empty((m, n), dtype=np.result_type(a, b))
for i0 in range(0, m, size):
    i1 = min(i0 + size, m)
    for j0 in range(0, n, size):
        j1 = min(j0 + size, n)
        out[i0:i1, j0:j1] = sum(a[i0:i1, p0:min(p0 + size, k)] @ b[p0:min(p0 + size, k), j0:j1]
                                for p0 in range(0, k, size))
return out
### END SOLUTION
