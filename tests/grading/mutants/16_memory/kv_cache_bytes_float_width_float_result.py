"A float bytes_per_elem that gives a whole total is returned as it is: kv_cache_bytes(..., 2.0) returns a float (spec: always a Python int; an integral float such as 2.0 also gives an int)."
REPLACES = "kv_cache_bytes"
FAILS = ["test_kv_cache_bytes"]


def kv_cache_bytes(n_layers, batch, n_heads, head_dim, seq_len, bytes_per_elem):
    count = 2 * _check_size("seq_len", seq_len, minimum=0)
    for name, value in (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim)):
        count *= _check_size(name, value)
    if isinstance(bytes_per_elem, bool) or not bytes_per_elem > 0:
        raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
    total = count * bytes_per_elem
    return total if total == int(total) else math.ceil(total)                  # BUG: 12.0 stays a float
