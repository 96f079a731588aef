"matmul_blocked only visits full tiles: correct when sizes are multiples of the tile, wrong otherwise."
REPLACES = "matmul_blocked"
FAILS = ["test_matmul_blocked"]


def matmul_blocked(a, b, tile=64):
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")
    out = np.zeros((m, n), dtype=np.result_type(a, b))
    for i0 in range(0, m - m % tile, tile):                 # BUG: the last, partial tile is skipped
        for j0 in range(0, n - n % tile, tile):
            for p0 in range(0, k - k % tile, tile):
                out[i0:i0 + tile, j0:j0 + tile] += a[i0:i0 + tile, p0:p0 + tile] @ b[p0:p0 + tile, j0:j0 + tile]
    return out
