"The storage is always float32, whatever dtype was asked for (a float16 cache takes twice the memory)."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_storage", "test_kv_cache_append_get", "test_kv_cache_bytes"]


class KVCache(KVCache):
    def __init__(self, n_layers, batch, n_heads, head_dim, max_len, dtype=np.float32):
        super().__init__(n_layers, batch, n_heads, head_dim, max_len, np.float32)   # BUG: dtype ignored
