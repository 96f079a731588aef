"matmul_blocked accumulates each output tile in float64 and casts once when storing into the float32 output: the spec says to accumulate in the output dtype, so every partial sum is rounded to float32 (different results near 2**25)."
REPLACES = "matmul_blocked"
FAILS = ["test_matmul_blocked"]


def matmul_blocked(a, b, tile=64):
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")
    dtype = np.result_type(a, b)
    out = np.empty((m, n), dtype=dtype)
    for i0 in range(0, m, tile):
        for j0 in range(0, n, tile):
            acc = np.zeros((min(tile, m - i0), min(tile, n - j0)), dtype=np.float64)   # BUG: not the output dtype
            for p0 in range(0, k, tile):
                acc += a[i0:i0 + tile, p0:p0 + tile] @ b[p0:p0 + tile, j0:j0 + tile]
            out[i0:i0 + tile, j0:j0 + tile] = acc
    return out
