"truncate(n) drops n positions instead of keeping n (reads the argument as a count to remove)."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_truncate"]


class KVCache(KVCache):
    def truncate(self, length):
        length = _check_size("length", length, minimum=0)
        if length > self.length:
            raise ValueError(f"KVCache.truncate: length must be <= {self.length}, got {length}")
        self._lengths = [max(0, level - length) for level in self._lengths]   # BUG: keeps level - length
