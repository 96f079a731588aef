"kv_cache_bytes multiplies in a NumPy int32 array: a 7B-class cache (2**31 bytes) wraps around to a negative size."
REPLACES = "kv_cache_bytes"
FAILS = ["test_kv_cache_bytes"]


def kv_cache_bytes(n_layers, batch, n_heads, head_dim, seq_len, bytes_per_elem):
    for name, value in (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim)):
        _check_size(name, value)
    _check_size("seq_len", seq_len, minimum=0)
    if not bytes_per_elem > 0:
        raise ValueError(f"bytes_per_elem must be positive, got {bytes_per_elem}")
    with np.errstate(over="ignore"):
        count = np.prod(np.array([2, n_layers, batch, n_heads, head_dim, seq_len]), dtype=np.int32)  # BUG: int32
    return int(math.ceil(int(count) * bytes_per_elem))
