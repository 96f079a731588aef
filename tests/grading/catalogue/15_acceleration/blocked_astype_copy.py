# CELL: matmul_blocked
# EXPECT: wrong
# WHY: casts a and b to the result dtype with astype first, i.e. copies the inputs, which the spec forbids ('without copying the inputs first')
#| export
def matmul_blocked(a: np.ndarray, b: np.ndarray, tile: int = 64) -> np.ndarray:
    """a (m, k) @ b (k, n) -> (m, n), dtype np.result_type(a, b), computed tile x tile.

    Each output tile accumulates `a[I, P] @ b[P, J]` over the tiles P of the shared dimension, so the three
    tiles in use (3 * tile**2 values) can stay in cache. `tile` (a positive int) need not divide the sizes.
    """
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")
    m, k, n = check_matmul_operands(a, b, "matmul_blocked")
    dtype = np.result_type(a, b)
    a, b = a.astype(dtype), b.astype(dtype)
    out = np.empty((m, n), dtype=dtype)
    for i0 in range(0, m, tile):
        for j0 in range(0, n, tile):
            acc = np.zeros((min(tile, m - i0), min(tile, n - j0)), dtype=dtype)
            for p0 in range(0, k, tile):
                acc += a[i0:i0 + tile, p0:p0 + tile] @ b[p0:p0 + tile, j0:j0 + tile]
            out[i0:i0 + tile, j0:j0 + tile] = acc
    return out
