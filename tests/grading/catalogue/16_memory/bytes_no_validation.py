# CELL: kv_cache_bytes
# EXPECT: wrong
# WHY: no validation: zero/negative/float sizes and a non-positive bytes_per_elem return a number instead of raising ValueError
#| export
def kv_cache_bytes(n_layers: int, batch: int, n_heads: int, head_dim: int, seq_len: int, bytes_per_elem) -> int:
    """Bytes to cache keys and values of `seq_len` positions: 2 * n_layers * batch * n_heads * head_dim * seq_len *
    bytes_per_elem, as an exact Python int (a fractional total, e.g. 4-bit elements, is rounded up)."""
    total = 2 * n_layers * batch * n_heads * head_dim * seq_len * bytes_per_elem
    return int(total) if float(total).is_integer() else math.ceil(total)
