# CELL: kv_cache
# EXPECT: wrong
# WHY: no explicit max_len check: overflowing appends fail with NumPy's broadcast ValueError whose message does not mention max_len
#| export
class KVCache:
    """Preallocated keys and values of every attention layer of a decoder, for incremental generation.

    Storage, allocated once and never resized: `keys`, `values`, ndarrays (n_layers, batch, n_heads, max_len,
    head_dim) of `dtype`. `append(layer, k, v)` writes k, v (batch, n_heads, T_new, head_dim) at positions
    [layer_length(layer), layer_length(layer) + T_new) of that layer. `get(layer)` -> views of the filled prefix.
    `length` = positions stored in every layer (the minimum over layers) = tokens fully processed; it advances when
    the last layer of a step has appended. `nbytes` = bytes allocated (the full max_len capacity).
    """

    def __init__(self, n_layers: int, batch: int, n_heads: int, head_dim: int, max_len: int, dtype=np.float32):
        self.n_layers = _check_size("n_layers", n_layers)
        self.batch = _check_size("batch", batch)
        self.n_heads = _check_size("n_heads", n_heads)
        self.head_dim = _check_size("head_dim", head_dim)
        self.max_len = _check_size("max_len", max_len)
        self.dtype = np.dtype(dtype)
        shape = (self.n_layers, self.batch, self.n_heads, self.max_len, self.head_dim)
        self.keys = np.zeros(shape, dtype=self.dtype)
        self.values = np.zeros(shape, dtype=self.dtype)
        self._lengths = [0] * self.n_layers

    def _check_layer(self, layer) -> int:
        "`layer` as an int in [0, n_layers), else IndexError."
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < self.n_layers:
            raise IndexError(f"KVCache: layer must be an integer in [0, {self.n_layers - 1}], got {layer!r}")
        return int(layer)

    def layer_length(self, layer: int) -> int:
        "Positions stored so far in `layer`."
        return self._lengths[self._check_layer(layer)]

    @property
    def length(self) -> int:
        "Positions stored in every layer = tokens fully processed (the minimum of the per-layer lengths)."
        return min(self._lengths)

    def append(self, layer: int, k: np.ndarray, v: np.ndarray) -> None:
        """Write k, v (batch, n_heads, T_new, head_dim), T_new >= 1, after the positions `layer` already holds.

        ValueError (naming expected and given shapes) for a wrong shape; ValueError naming max_len if the layer would
        hold more than max_len positions; IndexError for a bad layer. On error nothing is written.
        """
        layer = self._check_layer(layer)
        expected = (self.batch, self.n_heads, self.head_dim)
        if k.ndim != 4 or k.shape != v.shape or k.shape[2] < 1 or (k.shape[0], k.shape[1], k.shape[3]) != expected:
            raise ValueError(f"KVCache.append: k and v must both have shape (batch={self.batch}, "
                             f"n_heads={self.n_heads}, T_new >= 1, head_dim={self.head_dim}), "
                             f"got k {k.shape} and v {v.shape}")
        start, end = self._lengths[layer], self._lengths[layer] + k.shape[2]
        self.keys[layer, :, :, start:end] = k
        self.values[layer, :, :, start:end] = v
        self._lengths[layer] = end

    def get(self, layer: int) -> tuple:
        "(keys, values) of `layer`: views (no copies), each (batch, n_heads, layer_length(layer), head_dim)."
        layer = self._check_layer(layer)
        n = self._lengths[layer]
        return self.keys[layer, :, :, :n], self.values[layer, :, :, :n]

    def reset(self) -> None:
        "Forget every stored position (all lengths back to 0); the storage is kept for reuse."
        self._lengths = [0] * self.n_layers

    @property
    def nbytes(self) -> int:
        "Bytes allocated for keys and values: the full max_len capacity, filled or not (a Python int)."
        return int(self.keys.nbytes + self.values.nbytes)

    def __repr__(self) -> str:
        return (f"KVCache(n_layers={self.n_layers}, batch={self.batch}, n_heads={self.n_heads}, "
                f"head_dim={self.head_dim}, max_len={self.max_len}, dtype={self.dtype.name}; "
                f"length={self.length}, {self.nbytes / 2**20:.2f} MiB)")
