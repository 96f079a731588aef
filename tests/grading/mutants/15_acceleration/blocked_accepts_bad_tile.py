"""matmul_blocked without the tile check: tile=0 fails inside range() with a message that never mentions the tile,
a negative tile returns an uninitialised array, and tile=2.5 raises TypeError instead of the ValueError asked for."""
REPLACES = "matmul_blocked"
FAILS = ["test_matmul_blocked"]


def matmul_blocked(a, b, tile=64):
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")   # BUG: `tile` is never validated
    dtype = np.result_type(a, b)
    out = np.empty((m, n), dtype=dtype)
    for i0 in range(0, m, tile):
        for j0 in range(0, n, tile):
            acc = np.zeros((min(tile, m - i0), min(tile, n - j0)), dtype=dtype)
            for p0 in range(0, k, tile):
                acc += a[i0:i0 + tile, p0:p0 + tile] @ b[p0:p0 + tile, j0:j0 + tile]
            out[i0:i0 + tile, j0:j0 + tile] = acc
    return out
