"KVCache grows by np.concatenate at every append: O(t) copy per step, a new array each time, nothing preallocated."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_storage", "test_kv_cache_bytes"]


class KVCache:
    def __init__(self, n_layers, batch, n_heads, head_dim, max_len, dtype=np.float32):
        self.n_layers, self.batch = _check_size("n_layers", n_layers), _check_size("batch", batch)
        self.n_heads, self.head_dim = _check_size("n_heads", n_heads), _check_size("head_dim", head_dim)
        self.max_len, self.dtype = _check_size("max_len", max_len), np.dtype(dtype)
        self.reset()

    def _check_layer(self, layer):
        if not 0 <= layer < self.n_layers:
            raise IndexError(f"KVCache: layer must be in [0, {self.n_layers - 1}], got {layer}")
        return int(layer)

    def layer_length(self, layer):
        return self.k[self._check_layer(layer)].shape[2]

    @property
    def length(self):
        return min(k.shape[2] for k in self.k)

    @property
    def keys(self):                                   # BUG: a fresh array built from the pieces, not storage
        return np.stack([np.pad(k, ((0, 0), (0, 0), (0, self.max_len - k.shape[2]), (0, 0))) for k in self.k])

    @property
    def values(self):
        return np.stack([np.pad(v, ((0, 0), (0, 0), (0, self.max_len - v.shape[2]), (0, 0))) for v in self.v])

    def append(self, layer, k, v):
        layer = self._check_layer(layer)
        if k.ndim != 4 or k.shape != v.shape or k.shape[2] < 1 or \
                (k.shape[0], k.shape[1], k.shape[3]) != (self.batch, self.n_heads, self.head_dim):
            raise ValueError(f"KVCache.append: bad shapes k {k.shape}, v {v.shape}")
        if self.k[layer].shape[2] + k.shape[2] > self.max_len:
            raise ValueError(f"KVCache: would exceed max_len={self.max_len}")
        self.k[layer] = np.concatenate([self.k[layer], k.astype(self.dtype)], axis=2)   # BUG: copies everything
        self.v[layer] = np.concatenate([self.v[layer], v.astype(self.dtype)], axis=2)

    def get(self, layer):
        layer = self._check_layer(layer)
        return self.k[layer], self.v[layer]

    def reset(self):
        empty = (self.batch, self.n_heads, 0, self.head_dim)
        self.k = [np.zeros(empty, self.dtype) for _ in range(self.n_layers)]
        self.v = [np.zeros(empty, self.dtype) for _ in range(self.n_layers)]

    @property
    def nbytes(self):
        return int(sum(k.nbytes + v.nbytes for k, v in zip(self.k, self.v)))
