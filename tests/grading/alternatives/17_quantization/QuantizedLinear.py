# Alternative: per-channel weights quantized column by column; bias codes computed in float64; the accumulator correction chosen in one expression.
### BEGIN SOLUTION
if per_channel:
    w_q = np.empty(w.shape, dtype=np.int8)
    w_scale = np.empty(linear.out_features, dtype=np.float32)
    for j in range(linear.out_features):
        scale, _ = compute_qparams(w[:, j].min(), w[:, j].max(), -WEIGHT_QMAX, WEIGHT_QMAX, symmetric=True)
        w_scale[j] = scale
        w_q[:, j] = quantize(w[:, j], w_scale[j], 0, -WEIGHT_QMAX, WEIGHT_QMAX)
else:
    scale, _ = compute_qparams(float(np.min(w)), float(np.max(w)), -WEIGHT_QMAX, WEIGHT_QMAX, symmetric=True)
    w_q = quantize(w, np.float32(scale), 0, -WEIGHT_QMAX, WEIGHT_QMAX)
    w_scale = np.full(1, scale, dtype=np.float32)                 # one stored scale, shape (1,)
layer.weight_q, layer.weight_scale = Tensor(w_q), Tensor(w_scale)
colsum = np.einsum("kj->j", w_q.astype(np.int64))
if observer is None:
    layer.bias = Tensor(b.astype(np.float32))
    layer.weight_colsum = Tensor(to_int32(colsum, "QuantizedLinear.from_float"))
else:
    s_x, z_x = observer.qparams()
    layer.input_scale, layer.input_zero_point = float(s_x), int(z_x)
    bias_codes = np.rint(b.astype(np.float64) / (layer.input_scale * w_scale.astype(np.float64))).astype(np.int64)
    layer.bias_q = Tensor(to_int32(bias_codes - layer.input_zero_point * colsum, "QuantizedLinear.from_float"))
### END SOLUTION
### BEGIN SOLUTION
s_x, z_x = (compute_qparams(x.min(), x.max()) if self.input_scale is None
            else (self.input_scale, self.input_zero_point))
acc = int8_matmul_exact(quantize(x, s_x, z_x), self.weight_q.data, self.k_chunk)
correction = -z_x * self.weight_colsum.data if self.dynamic else self.bias_q.data
return acc + correction, s_x, z_x
### END SOLUTION
