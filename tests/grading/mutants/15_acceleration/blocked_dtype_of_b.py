"matmul_blocked allocates output and accumulators with b's dtype: float64 @ float32 gives float32, not np.result_type(a, b)."
REPLACES = "matmul_blocked"
FAILS = ["test_matmul_blocked"]


def matmul_blocked(a, b, tile=64):
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")
    out = np.zeros((m, n), dtype=b.dtype)                   # BUG: dtype of b only
    for i0 in range(0, m, tile):
        for j0 in range(0, n, tile):
            for p0 in range(0, k, tile):
                out[i0:i0 + tile, j0:j0 + tile] += a[i0:i0 + tile, p0:p0 + tile] @ b[p0:p0 + tile, j0:j0 + tile]
    return out
