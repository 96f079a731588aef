# Alternative: the shared-dimension tile loop outermost, products added straight into a zeroed `out`, explicit
# tile ends clipped with min(); tile validated with numbers.Integral.
### BEGIN SOLUTION
import numbers
if type(tile) is bool or not isinstance(tile, numbers.Integral) or tile <= 0:
    raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
m, k, n = check_matmul_operands(a, b, "matmul_blocked")
out = np.zeros((m, n), dtype=np.result_type(a, b))
for p0 in range(0, k, tile):
    p1 = min(p0 + tile, k)
    for i0 in range(0, m, tile):
        i1 = min(i0 + tile, m)
        for j0 in range(0, n, tile):
            j1 = min(j0 + tile, n)
            out[i0:i1, j0:j1] += a[i0:i1, p0:p1] @ b[p0:p1, j0:j1]
return out
### END SOLUTION
