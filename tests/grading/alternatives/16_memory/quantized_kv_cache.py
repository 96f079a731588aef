# Alternative: quantizes both before handing them on; get dequantizes with np.multiply into a float32 result and
# scales reshaped to (1, H, 1, 1); nbytes sums the four arrays' sizes.
### BEGIN SOLUTION
i = self._check_layer(layer)
kq = quantize_kv(k, self.key_scales[i])
vq = quantize_kv(v, self.value_scales[i])
KVCache.append(self, i, kq, vq)
### END SOLUTION
### BEGIN SOLUTION
i = self._check_layer(layer)
kq, vq = KVCache.get(self, i)
ks = self.key_scales[i].reshape(1, -1, 1, 1)
vs = self.value_scales[i].reshape(1, -1, 1, 1)
return np.multiply(kq, ks, dtype=np.float32), np.multiply(vq, vs, dtype=np.float32)
### END SOLUTION
### BEGIN SOLUTION
return sum(int(a.size) * a.itemsize for a in (self.keys, self.values, self.key_scales, self.value_scales))
### END SOLUTION
