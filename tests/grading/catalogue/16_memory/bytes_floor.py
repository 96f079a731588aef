# CELL: kv_cache_bytes
# EXPECT: wrong
# WHY: truncates a fractional total with int() instead of rounding up with math.ceil (e.g. 4-bit elements, odd count)
#| export
def kv_cache_bytes(n_layers: int, batch: int, n_heads: int, head_dim: int, seq_len: int, bytes_per_elem) -> int:
    """Bytes to cache keys and values of `seq_len` positions: 2 * n_layers * batch * n_heads * head_dim * seq_len *
    bytes_per_elem, as an exact Python int (a fractional total, e.g. 4-bit elements, is rounded up)."""
    count = 2 * _check_size("seq_len", seq_len, minimum=0)
    for name, value in (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim)):
        count *= _check_size(name, value)
    if isinstance(bytes_per_elem, bool) or not isinstance(bytes_per_elem, (int, float, np.integer, np.floating)) \
            or not bytes_per_elem > 0:
        raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
    total = count * bytes_per_elem
    return int(total) if isinstance(total, (int, np.integer)) else int(total)
