"append writes at the current position but never advances the layer's length: every step overwrites position 0."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get", "test_kv_cache_storage"]


class KVCache(KVCache):
    def append(self, layer, k, v):
        layer = self._check_layer(layer)
        start = self._lengths[layer]
        if start + k.shape[2] > self.max_len:
            raise ValueError(f"KVCache: would exceed max_len={self.max_len}")
        self.keys[layer, :, :, start:start + k.shape[2]] = k
        self.values[layer, :, :, start:start + k.shape[2]] = v
        # BUG: self._lengths[layer] is never advanced
