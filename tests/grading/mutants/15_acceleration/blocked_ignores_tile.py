"matmul_blocked ignores its `tile` argument and always uses 64: results are right, the tiling is not."
REPLACES = "matmul_blocked"
FAILS = ["test_matmul_blocked_tiles"]


def matmul_blocked(a, b, tile=64):
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")
    t = 64                                                  # BUG: the argument is ignored
    dtype = np.result_type(a, b)
    out = np.empty((m, n), dtype=dtype)
    for i0 in range(0, m, t):
        for j0 in range(0, n, t):
            acc = np.zeros((min(t, m - i0), min(t, n - j0)), dtype=dtype)
            for p0 in range(0, k, t):
                acc += a[i0:i0 + t, p0:p0 + t] @ b[p0:p0 + t, j0:j0 + t]
            out[i0:i0 + t, j0:j0 + t] = acc
    return out
