# CELL: matmul_blocked
# EXPECT: correct
# WHY: accumulates directly into slices of a zeros output of the result dtype with explicit end indices (same tiles, same float order)
#| export
def matmul_blocked(a: np.ndarray, b: np.ndarray, tile: int = 64) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), computed tile x tile.

    Each output tile accumulates `a[I, P] @ b[P, J]` over the tiles P of the shared dimension, so the three
    tiles in use (3 * tile**2 values) can stay in cache. `tile` (a positive int) need not divide the sizes.
    """
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")
    out = np.zeros((m, n), dtype=np.result_type(a, b))
    for i0 in range(0, m, tile):
        i1 = min(i0 + tile, m)
        for j0 in range(0, n, tile):
            j1 = min(j0 + tile, n)
            for p0 in range(0, k, tile):
                p1 = min(p0 + tile, k)
                out[i0:i1, j0:j1] += a[i0:i1, p0:p1] @ b[p0:p1, j0:j1]
    return out
