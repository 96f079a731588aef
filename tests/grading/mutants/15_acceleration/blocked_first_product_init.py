"matmul_blocked starts each output tile from its first tile product (acc = None): k = 0 stores None and raises, but zero sizes must behave like np.matmul (k = 0 gives zeros)."
REPLACES = "matmul_blocked"
FAILS = ["test_matmul_blocked"]


def matmul_blocked(a, b, tile=64):
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for i0 in range(0, m, tile):
        for j0 in range(0, n, tile):
            acc = None                                      # BUG: stays None when there is no tile P (k == 0)
            for p0 in range(0, k, tile):
                prod = a[i0:i0 + tile, p0:p0 + tile] @ b[p0:p0 + tile, j0:j0 + tile]
                acc = prod if acc is None else acc + prod
            out[i0:i0 + tile, j0:j0 + tile] = acc
    return out
