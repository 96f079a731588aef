"The max_len check uses cache.length (the minimum level) instead of the layer's own level: a layer ahead of the others overflows into a NumPy broadcasting error that does not name max_len (spec: every max_len check is per layer)."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get"]


class KVCache(KVCache):
    def append(self, layer, k, v):
        layer = self._check_layer(layer)
        if k.ndim != 4 or k.shape != v.shape or k.shape[2] < 1 \
                or (k.shape[0], k.shape[1], k.shape[3]) != (self.batch, self.n_heads, self.head_dim):
            raise ValueError(f"KVCache.append: bad shapes k {k.shape}, v {v.shape}")
        if self.length + k.shape[2] > self.max_len:   # BUG: self._lengths[layer] + T_new
            raise ValueError(f"KVCache: exceeds max_len={self.max_len}")
        start, end = self._lengths[layer], self._lengths[layer] + k.shape[2]
        self.keys[layer, :, :, start:end] = k
        self.values[layer, :, :, start:end] = v
        self._lengths[layer] = end
