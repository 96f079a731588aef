"length is the level of the LAST layer (it is the one that completes a step): right when layers are filled in order, wrong when the last layer is written first. The spec: length is the minimum over the layers, in any order."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get"]


class KVCache(KVCache):
    @property
    def length(self):
        return self._lengths[-1]                       # BUG: min(self._lengths)
