"append validates and writes k, then checks v: a v of the wrong shape raises only after the keys were written (spec: on error nothing is written, neither keys nor values)."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get"]


class KVCache(KVCache):
    def append(self, layer, k, v):
        layer = self._check_layer(layer)
        if k.ndim != 4 or k.shape[2] < 1 or (k.shape[0], k.shape[1], k.shape[3]) != (self.batch, self.n_heads,
                                                                                      self.head_dim):
            raise ValueError(f"KVCache.append: k must be (batch, n_heads, T_new, head_dim), got {k.shape}")
        start, end = self._lengths[layer], self._lengths[layer] + k.shape[2]
        if end > self.max_len:
            raise ValueError(f"KVCache: exceeds max_len={self.max_len}")
        self.keys[layer, :, :, start:end] = k           # BUG: written before v is validated
        if v.shape != k.shape:
            raise ValueError(f"KVCache.append: v must have the shape of k {k.shape}, got {v.shape}")
        self.values[layer, :, :, start:end] = v
        self._lengths[layer] = end
