"length is the MAXIMUM over layers: it advances as soon as layer 0 has appended, before the step is complete."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get"]


class KVCache(KVCache):
    @property
    def length(self):
        return max(self._lengths)                      # BUG: min = positions stored in EVERY layer
