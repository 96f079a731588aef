# CELL: kv_cache_bytes
# EXPECT: correct
# WHY: validates all sizes first, then math.prod over Python ints (exact, no overflow), times bytes_per_elem, math.ceil for non-int totals
#| export
def kv_cache_bytes(n_layers: int, batch: int, n_heads: int, head_dim: int, seq_len: int, bytes_per_elem) -> int:
    """Bytes to cache keys and values of `seq_len` positions: 2 * n_layers * batch * n_heads * head_dim * seq_len *
    bytes_per_elem, as an exact Python int (a fractional total, e.g. 4-bit elements, is rounded up)."""
    dims = [_check_size(nm, v) for nm, v in (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads),
                                             ("head_dim", head_dim))]
    dims.append(_check_size("seq_len", seq_len, minimum=0))
    if isinstance(bytes_per_elem, bool) or not isinstance(bytes_per_elem, (int, float, np.integer, np.floating)) \
            or not bytes_per_elem > 0:
        raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
    total = 2 * math.prod(dims) * bytes_per_elem
    return int(total) if isinstance(total, (int, np.integer)) else int(math.ceil(total))
