# Alternative: levels in a per-instance dict, both k and v validated (shape, then room) before anything is written,
# np.copyto into the layer's views, reset rebuilds the dict; length = min over the dict.
### BEGIN SOLUTION
self.keys = np.zeros((self.n_layers, self.batch, self.n_heads, self.max_len, self.head_dim), dtype=self.dtype)
self.values = np.zeros((self.n_layers, self.batch, self.n_heads, self.max_len, self.head_dim), dtype=self.dtype)
self._level = {i: 0 for i in range(self.n_layers)}
### END SOLUTION
### BEGIN SOLUTION
return self._level[self._check_layer(layer)]
### END SOLUTION
### BEGIN SOLUTION
return min(self._level.values())
### END SOLUTION
### BEGIN SOLUTION
i = self._check_layer(layer)
want = (self.batch, self.n_heads, self.head_dim)
for name, a in (("k", k), ("v", v)):
    if np.ndim(a) != 4 or np.shape(a)[2] == 0 or (a.shape[0], a.shape[1], a.shape[3]) != want or a.shape != k.shape:
        raise ValueError(f"KVCache.append: {name} must have shape (batch={self.batch}, n_heads={self.n_heads}, "
                         f"T_new >= 1, head_dim={self.head_dim}) like k; got k {np.shape(k)}, v {np.shape(v)}")
t = k.shape[2]
if self._level[i] + t > self.max_len:
    raise ValueError(f"KVCache.append: layer {i} has {self.max_len - self._level[i]} free positions of "
                     f"max_len={self.max_len}, {t} given")
lo = self._level[i]
np.copyto(self.keys[i, :, :, lo:lo + t], k, casting="unsafe")
np.copyto(self.values[i, :, :, lo:lo + t], v, casting="unsafe")
self._level[i] = lo + t
### END SOLUTION
### BEGIN SOLUTION
i = self._check_layer(layer)
return self.keys[i][:, :, :self._level[i]], self.values[i][:, :, :self._level[i]]
### END SOLUTION
### BEGIN SOLUTION
self._level = dict.fromkeys(range(self.n_layers), 0)
### END SOLUTION
### BEGIN SOLUTION
return int(self.keys.size * self.keys.itemsize) + int(self.values.size * self.values.itemsize)
### END SOLUTION
### BEGIN SOLUTION
keep = _check_size("length", length, minimum=0)
if keep > min(self._level.values()):
    raise ValueError(f"KVCache.truncate: length {keep} exceeds the {min(self._level.values())} stored positions")
self._level = {i: keep for i in self._level}
### END SOLUTION
