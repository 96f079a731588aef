"The product is taken with np.prod in int64: no trouble at 2**31, but beyond 2**63 it wraps around silently (spec: exact for any size, no NumPy integer arrays)."
REPLACES = "kv_cache_bytes"
FAILS = ["test_kv_cache_bytes"]


def kv_cache_bytes(n_layers, batch, n_heads, head_dim, seq_len, bytes_per_elem):
    sizes = [_check_size(name, value) for name, value in
             (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim))]
    sizes.append(_check_size("seq_len", seq_len, minimum=0))
    if isinstance(bytes_per_elem, bool) or not bytes_per_elem > 0:
        raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
    count = int(np.prod(np.array([2] + sizes, dtype=np.int64)))                # BUG: wraps past 2**63
    total = count * bytes_per_elem
    return total if isinstance(total, int) else math.ceil(total)
