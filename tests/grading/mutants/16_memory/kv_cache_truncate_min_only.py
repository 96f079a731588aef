"truncate only lowers layers that are above the length... by lowering just the last layer."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_truncate"]


class KVCache(KVCache):
    def truncate(self, length):
        length = _check_size("length", length, minimum=0)
        if length > self.length:
            raise ValueError(f"KVCache.truncate: length must be <= {self.length}, got {length}")
        self._lengths[-1] = length                           # BUG: every layer must be rolled back
