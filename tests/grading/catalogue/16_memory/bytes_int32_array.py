# CELL: kv_cache_bytes
# EXPECT: wrong
# WHY: multiplies the sizes in a NumPy int32 array (np.prod): real configurations overflow 32 bits, which the spec warns about
#| export
def kv_cache_bytes(n_layers: int, batch: int, n_heads: int, head_dim: int, seq_len: int, bytes_per_elem) -> int:
    """Bytes to cache keys and values of `seq_len` positions: 2 * n_layers * batch * n_heads * head_dim * seq_len *
    bytes_per_elem, as an exact Python int (a fractional total, e.g. 4-bit elements, is rounded up)."""
    for name, value in (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim)):
        _check_size(name, value)
    _check_size("seq_len", seq_len, minimum=0)
    if not bytes_per_elem > 0:
        raise ValueError(f"bytes_per_elem must be positive, got {bytes_per_elem!r}")
    count = np.prod(np.array([2, n_layers, batch, n_heads, head_dim, seq_len], dtype=np.int32), dtype=np.int32)
    return int(math.ceil(count * bytes_per_elem))
