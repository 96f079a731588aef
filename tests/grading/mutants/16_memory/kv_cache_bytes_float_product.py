"The product goes through float (math.ceil of a float total, also for integer bytes_per_elem): above 2**53 a float cannot hold every integer, so real totals lose bytes (spec: exact for any size; Python ints for integer bytes_per_elem)."
REPLACES = "kv_cache_bytes"
FAILS = ["test_kv_cache_bytes"]


def kv_cache_bytes(n_layers, batch, n_heads, head_dim, seq_len, bytes_per_elem):
    sizes = [_check_size(name, value) for name, value in
             (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim))]
    seq_len = _check_size("seq_len", seq_len, minimum=0)
    if isinstance(bytes_per_elem, bool) or not bytes_per_elem > 0:
        raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
    return math.ceil(2 * math.prod(sizes) * seq_len * float(bytes_per_elem))   # BUG: float loses bytes > 2**53
