"matmul_blocked slices the shared dimension one short (p0:p0 + tile - 1): one column of a / row of b per tile is lost."
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
            acc = np.zeros((min(tile, m - i0), min(tile, n - j0)), dtype=dtype)
            for p0 in range(0, k, tile):
                p1 = p0 + tile - 1                          # BUG: off by one at the tile edge
                acc += a[i0:i0 + tile, p0:p1] @ b[p0:p1, j0:j0 + tile]
            out[i0:i0 + tile, j0:j0 + tile] = acc
    return out
