"kv_cache_bytes forgets the values: half the real size."
REPLACES = "kv_cache_bytes"
FAILS = ["test_kv_cache_bytes"]


def kv_cache_bytes(n_layers, batch, n_heads, head_dim, seq_len, bytes_per_elem):
    return n_layers * batch * n_heads * head_dim * seq_len * bytes_per_elem      # BUG: no factor 2
