"nbytes counts only the filled positions, hiding the memory the preallocated cache really reserves."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_storage", "test_kv_cache_bytes"]


class KVCache(KVCache):
    @property
    def nbytes(self):
        return int(sum(k.nbytes + v.nbytes for k, v in (self.get(i) for i in range(self.n_layers))))
