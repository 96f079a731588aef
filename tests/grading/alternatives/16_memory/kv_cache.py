# Alternative: per-layer lengths in an int64 array, Ellipsis slicing, each of k and v validated in a loop.
### BEGIN SOLUTION
self.keys = np.zeros((self.n_layers, self.batch, self.n_heads, self.max_len, self.head_dim), self.dtype)
self.values = np.zeros_like(self.keys)
self._filled = np.zeros(self.n_layers, dtype=np.int64)       # positions stored, per layer (an array)
### END SOLUTION
### BEGIN SOLUTION
return int(self._filled[self._check_layer(layer)])
### END SOLUTION
### BEGIN SOLUTION
return int(self._filled.min())
### END SOLUTION
### BEGIN SOLUTION
layer = self._check_layer(layer)
for arr in (k, v):
    ok = arr.ndim == 4 and arr.shape == k.shape and arr.shape[2] > 0 \
        and arr.shape[:2] + arr.shape[3:] == (self.batch, self.n_heads, self.head_dim)
    if not ok:
        raise ValueError(f"KVCache.append: k and v must both have shape (batch={self.batch}, "
                         f"n_heads={self.n_heads}, T_new >= 1, head_dim={self.head_dim}), "
                         f"got k {k.shape} and v {v.shape}")
start = int(self._filled[layer])
if start + k.shape[2] > self.max_len:
    raise ValueError(f"KVCache: layer {layer} holds {start} positions; appending {k.shape[2]} more would "
                     f"exceed max_len={self.max_len}")
where = slice(start, start + k.shape[2])
self.keys[layer][..., where, :] = k
self.values[layer][..., where, :] = v
self._filled[layer] += k.shape[2]
### END SOLUTION
### BEGIN SOLUTION
n = self.layer_length(layer)
return self.keys[layer, ..., :n, :], self.values[layer, ..., :n, :]
### END SOLUTION
### BEGIN SOLUTION
self._filled[:] = 0
### END SOLUTION
### BEGIN SOLUTION
return sum(int(storage.nbytes) for storage in (self.keys, self.values))
### END SOLUTION
### BEGIN SOLUTION
if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or not 0 <= length <= self.length:
    raise ValueError(f"KVCache.truncate: length must be an integer in [0, {self.length}], got {length!r}")
self._filled[:] = length
### END SOLUTION
