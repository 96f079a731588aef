# Alternative: per-channel weights quantized column by column; bias codes computed in float64; the accumulator correction chosen in one expression.
#| export
class QuantizedLinear(Module):
    """INT8 replacement for `Linear` (y ≈ x @ W + b): int8 weights, int32 bias, exact integer GEMM on float32 BLAS.

    Build it with `QuantizedLinear.from_float(linear, observer=None, per_channel=True)`; see the table above for
    what it stores. forward: x (..., in_features) -> float32 Tensor (..., out_features); no autograd.
    """

    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.weight_q = Tensor(np.zeros((in_features, out_features), dtype=np.int8))
        self.weight_scale = Tensor(np.ones(out_features, dtype=np.float32))
        self.input_scale, self.input_zero_point = None, None       # static mode only
        self.bias_q = None                                         # static mode: Tensor int32 (out,)
        self.bias, self.weight_colsum = None, None                 # dynamic mode: float32 (out,), int32 (out,)
        self.k_chunk = exact_chunk_size(-INT8_MIN, WEIGHT_QMAX)    # 1032

    @property
    def dynamic(self) -> bool:
        "True when activations are quantized per batch at run time (no calibration)."
        return self.input_scale is None

    @classmethod
    def from_float(cls, linear: Linear, observer=None, per_channel: bool = True) -> "QuantizedLinear":
        "Quantize a float `Linear`; `observer` (already calibrated) selects static mode, None dynamic mode."
        if not isinstance(linear, Linear):
            raise TypeError(f"QuantizedLinear.from_float expects an nn.Linear, got {type(linear).__name__}")
        layer = cls(linear.in_features, linear.out_features)
        w = linear.weight.data
        b = linear.bias.data if linear.bias is not None else np.zeros(linear.out_features, dtype=np.float32)
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
            w_scale = np.full(linear.out_features, scale, dtype=np.float32)
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
        return layer

    def accumulator(self, x: np.ndarray) -> tuple:
        "x float32 (M, in) -> (acc int32 (M, out), s_x, z_x): the exact integer bracket of the quantized layer."
        ### BEGIN SOLUTION
        s_x, z_x = (compute_qparams(x.min(), x.max()) if self.input_scale is None
                    else (self.input_scale, self.input_zero_point))
        acc = int8_matmul_exact(quantize(x, s_x, z_x), self.weight_q.data, self.k_chunk)
        correction = -z_x * self.weight_colsum.data if self.dynamic else self.bias_q.data
        return acc + correction, s_x, z_x
        ### END SOLUTION

    def forward(self, x) -> Tensor:
        data = x.data if isinstance(x, Tensor) else np.asarray(x)
        if data.ndim == 0 or data.shape[-1] != self.in_features:
            raise ValueError(f"QuantizedLinear({self.in_features}, {self.out_features}) expected input with last "
                             f"dimension {self.in_features}, got shape {data.shape}")
        out_shape = data.shape[:-1] + (self.out_features,)
        x2 = data.reshape(-1, self.in_features).astype(np.float32, copy=False)
        if x2.shape[0] == 0:
            return Tensor(np.zeros(out_shape, dtype=np.float32))
        acc, s_x, _ = self.accumulator(x2)
        y = acc.astype(np.float32)
        y *= s_x * self.weight_scale.data                 # dequantize: one float multiply per output
        if self.dynamic:
            y += self.bias.data
        return Tensor(y.reshape(out_shape))

    def extra_repr(self) -> str:
        mode = "dynamic" if self.dynamic else f"static, s_x={self.input_scale:.3g}, z_x={self.input_zero_point}"
        return f"in_features={self.in_features}, out_features={self.out_features}, {mode}"
