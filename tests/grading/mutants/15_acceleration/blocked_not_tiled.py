"matmul_blocked that validates its arguments and then multiplies whole matrices: correct, but not tiled."
REPLACES = "matmul_blocked"
FAILS = ["test_matmul_blocked_tiles"]


def matmul_blocked(a, b, tile=64):
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    check_matmul_operands(a, b, "matmul_blocked")
    return np.matmul(a, b)                                  # BUG: no tiles at all
