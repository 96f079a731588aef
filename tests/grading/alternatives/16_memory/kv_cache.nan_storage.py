# Alternative: storage preallocated with np.full(..., NaN) (or np.empty: garbage, possibly NaN) since only the
# filled prefix is ever read; per-layer levels in a NumPy int array; both k and v checked before anything is written.
# (Pins that the hidden tests compare unwritten storage bit by bit, not as floats, where NaN != NaN.)
### BEGIN SOLUTION
shape = (self.n_layers, self.batch, self.n_heads, self.max_len, self.head_dim)
self.keys = np.full(shape, np.nan, dtype=self.dtype)
self.values = np.full(shape, np.nan, dtype=self.dtype)
self._levels = np.zeros(self.n_layers, dtype=np.int64)
### END SOLUTION
### BEGIN SOLUTION
return int(self._levels[self._check_layer(layer)])
### END SOLUTION
### BEGIN SOLUTION
return int(self._levels.min())
### END SOLUTION
### BEGIN SOLUTION
layer = self._check_layer(layer)
want = (self.batch, self.n_heads, self.head_dim)
for name, a in (("k", k), ("v", v)):
    if a.ndim != 4 or a.shape[2] < 1 or (a.shape[0], a.shape[1], a.shape[3]) != want:
        raise ValueError(f"KVCache.append: {name} must have shape ({self.batch}, {self.n_heads}, T_new >= 1, "
                         f"{self.head_dim}), got {a.shape}")
if k.shape != v.shape:
    raise ValueError(f"KVCache.append: k {k.shape} and v {v.shape} must have the same shape")
lo = int(self._levels[layer])
hi = lo + k.shape[2]
if hi > self.max_len:
    raise ValueError(f"KVCache.append: layer {layer} would hold {hi} positions > max_len={self.max_len}")
self.keys[layer, :, :, lo:hi] = k
self.values[layer, :, :, lo:hi] = v
self._levels[layer] = hi
### END SOLUTION
### BEGIN SOLUTION
layer = self._check_layer(layer)
n = int(self._levels[layer])
return self.keys[layer, :, :, :n], self.values[layer, :, :, :n]
### END SOLUTION
### BEGIN SOLUTION
self._levels[:] = 0
### END SOLUTION
### BEGIN SOLUTION
return int(self.keys.nbytes) + int(self.values.nbytes)
### END SOLUTION
### BEGIN SOLUTION
length = _check_size("length", length, minimum=0)
if length > int(self._levels.min()):
    raise ValueError(f"KVCache.truncate: cannot keep {length} positions, every layer holds only "
                     f"{int(self._levels.min())}")
self._levels.fill(length)
### END SOLUTION
