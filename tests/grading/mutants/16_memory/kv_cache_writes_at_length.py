"append writes at cache.length (the positions every layer holds) instead of that layer's own level: in order it is the same, but a layer appended twice before the others overwrites its previous positions."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get"]


class KVCache(KVCache):
    def append(self, layer, k, v):
        layer = self._check_layer(layer)
        if k.ndim != 4 or k.shape != v.shape or k.shape[2] < 1 \
                or (k.shape[0], k.shape[1], k.shape[3]) != (self.batch, self.n_heads, self.head_dim):
            raise ValueError(f"KVCache.append: bad shapes k {k.shape}, v {v.shape}")
        start = self.length                            # BUG: self._lengths[layer]
        end = start + k.shape[2]
        if self._lengths[layer] + k.shape[2] > self.max_len:
            raise ValueError(f"KVCache: exceeds max_len={self.max_len}")
        self.keys[layer, :, :, start:end] = k
        self.values[layer, :, :, start:end] = v
        self._lengths[layer] += k.shape[2]
