# Alternative: adds the tiles P of each output tile in reverse order (last tile first) into a float accumulator of
# np.result_type(a, b) started from the first product it meets; k = 0 keeps the zeros the output starts with.
### BEGIN SOLUTION
if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
    raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
m, k, n = check_matmul_operands(a, b, "matmul_blocked")
dtype = np.result_type(a, b)
out = np.zeros((m, n), dtype=dtype)
for i0 in range(0, m, tile):
    for j0 in range(0, n, tile):
        acc = None
        for p0 in reversed(range(0, k, tile)):
            prod = (a[i0:i0 + tile, p0:p0 + tile] @ b[p0:p0 + tile, j0:j0 + tile]).astype(dtype, copy=False)
            acc = prod if acc is None else acc + prod
        if acc is not None:
            out[i0:i0 + tile, j0:j0 + tile] = acc
return out
### END SOLUTION
