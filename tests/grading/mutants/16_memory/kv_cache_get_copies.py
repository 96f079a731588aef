"get returns copies of the filled prefix: every step copies the whole cache (O(t) bytes moved per step)."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_storage"]


class KVCache(KVCache):
    def get(self, layer):
        keys, values = super().get(layer)
        return keys.copy(), values.copy()              # BUG: views are expected
