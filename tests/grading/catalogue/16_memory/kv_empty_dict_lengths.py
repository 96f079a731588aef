# CELL: kv_cache
# EXPECT: correct
# WHY: np.empty storage (allocated once, only the filled prefix is ever read) and a dict of per-layer lengths created per instance
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
        self.keys = np.empty(shape, dtype=self.dtype)
        self.values = np.empty(shape, dtype=self.dtype)
        self._fill = {i: 0 for i in range(self.n_layers)}

    def _check_layer(self, layer) -> int:
        "`layer` as an int in [0, n_layers), else IndexError."
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < self.n_layers:
            raise IndexError(f"KVCache: layer must be an integer in [0, {self.n_layers - 1}], got {layer!r}")
        return int(layer)

    def layer_length(self, layer: int) -> int:
        "Positions stored so far in `layer`."
        return self._fill[self._check_layer(layer)]

    @property
    def length(self) -> int:
        "Positions stored in every layer = tokens fully processed (the minimum of the per-layer lengths)."
        return min(self._fill.values())

    def append(self, layer: int, k: np.ndarray, v: np.ndarray) -> None:
        """Write k, v (batch, n_heads, T_new, head_dim), T_new >= 1, after the positions `layer` already holds.

        ValueError (naming expected and given shapes) for a wrong shape; ValueError naming max_len if the layer would
        hold more than max_len positions; IndexError for a bad layer. On error nothing is written.
        """
        layer = self._check_layer(layer)
        want = (self.batch, self.n_heads, self.head_dim)
        for name, arr in (("k", k), ("v", v)):
            if arr.ndim != 4 or arr.shape[2] < 1 or (arr.shape[0], arr.shape[1], arr.shape[3]) != want:
                raise ValueError(f"KVCache.append: {name} must have shape ({self.batch}, {self.n_heads}, T_new>=1, "
                                 f"{self.head_dim}), got {arr.shape}")
        if k.shape != v.shape:
            raise ValueError(f"KVCache.append: k {k.shape} and v {v.shape} differ")
        lo = self._fill[layer]
        hi = lo + k.shape[2]
        if hi > self.max_len:
            raise ValueError(f"KVCache.append: {hi} positions would exceed max_len={self.max_len}")
        self.keys[layer, :, :, lo:hi] = k
        self.values[layer, :, :, lo:hi] = v
        self._fill[layer] = hi

    def get(self, layer: int) -> tuple:
        "(keys, values) of `layer`: views (no copies), each (batch, n_heads, layer_length(layer), head_dim)."
        layer = self._check_layer(layer)
        n = self._fill[layer]
        return self.keys[layer][:, :, :n], self.values[layer][:, :, :n]

    def reset(self) -> None:
        "Forget every stored position (all lengths back to 0); the storage is kept for reuse."
        for i in self._fill:
            self._fill[i] = 0

    @property
    def nbytes(self) -> int:
        "Bytes allocated for keys and values: the full max_len capacity, filled or not (a Python int)."
        return int(self.keys.nbytes) + int(self.values.nbytes)

    # Added by the module's author (not the red team) when Task 10 put truncate into this cell: the same style.
    def truncate(self, length: int) -> None:
        "Roll every layer back to its first `length` positions (0 <= length <= self.length)."
        length = _check_size("length", length, minimum=0)
        if length > min(self._fill.values()):
            raise ValueError(f"KVCache.truncate: length must be <= {min(self._fill.values())}, got {length}")
        for i in self._fill:
            self._fill[i] = length

    def __repr__(self) -> str:
        return (f"KVCache(n_layers={self.n_layers}, batch={self.batch}, n_heads={self.n_heads}, "
                f"head_dim={self.head_dim}, max_len={self.max_len}, dtype={self.dtype.name}; "
                f"length={self.length}, {self.nbytes / 2**20:.2f} MiB)")
