"truncate checks the length against max_len, not against the positions stored."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_truncate"]


class KVCache(KVCache):
    def truncate(self, length):
        length = _check_size("length", length, minimum=0)
        if length > self.max_len:                            # BUG: should be self.length
            raise ValueError(f"KVCache.truncate: length must be <= max_len={self.max_len}, got {length}")
        self._lengths = [length] * self.n_layers
