# Alternative: the other mode's attributes set to None explicitly; per-tensor scale reshaped to (1,); the accumulator
# quantizes inline (clip(rint(x / s_x) + z_x) with a Python-float s_x: float32 division) and branches per mode.
### BEGIN SOLUTION
if per_channel:
    w_q, w_scale, _ = quantize_per_channel(w, 1, -WEIGHT_QMAX, WEIGHT_QMAX, True)
else:
    s_w, _ = compute_qparams(float(w.min()), float(w.max()), -WEIGHT_QMAX, WEIGHT_QMAX, True)
    w_scale = np.float32(s_w).reshape(1)
    w_q = np.clip(np.rint(w / s_w), -WEIGHT_QMAX, WEIGHT_QMAX).astype(np.int8)
layer.weight_q = Tensor(w_q)
layer.weight_scale = Tensor(np.asarray(w_scale, dtype=np.float32))
colsum = w_q.astype(np.int32).sum(axis=0)
if observer is not None:
    s_x, z_x = observer.qparams()
    layer.input_scale, layer.input_zero_point = float(s_x), int(z_x)
    codes = np.rint(b / (layer.input_scale * layer.weight_scale.data))
    layer.bias_q = Tensor(to_int32(codes.astype(np.int64) - layer.input_zero_point * colsum.astype(np.int64),
                                   "QuantizedLinear.from_float"))
    layer.bias, layer.weight_colsum = None, None
else:
    layer.input_scale = layer.input_zero_point = layer.bias_q = None
    layer.bias = Tensor(np.array(b, dtype=np.float32, copy=True))
    layer.weight_colsum = Tensor(colsum.astype(np.int32))
### END SOLUTION
### BEGIN SOLUTION
if self.input_scale is None:
    lo, hi = x.min(), x.max()
    s_x, z_x = compute_qparams(lo, hi)
    offset = -z_x * self.weight_colsum.data
else:
    s_x, z_x = self.input_scale, self.input_zero_point
    offset = self.bias_q.data
codes = np.clip(np.rint(x / s_x) + z_x, INT8_MIN, INT8_MAX).astype(np.int8)
acc = int8_matmul_exact(codes, self.weight_q.data, self.k_chunk) + offset.astype(np.int32)
return acc.astype(np.int32), s_x, z_x
### END SOLUTION
