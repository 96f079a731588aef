"A separate count of positions written, used for the max_len check, is not cleared by reset: after reset a sequence can no longer fill the cache (spec: after reset the cache behaves exactly like a new one; no counter survives)."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get"]


class KVCache(KVCache):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._written = [0] * self.n_layers

    def append(self, layer, k, v):
        layer = self._check_layer(layer)
        if self._written[layer] + np.shape(k)[2] > self.max_len:
            raise ValueError(f"KVCache: layer {layer} would exceed max_len={self.max_len}")
        super().append(layer, k, v)
        self._written[layer] += k.shape[2]

    def reset(self):
        self._lengths = [0] * self.n_layers            # BUG: self._written is stale (never reset)
