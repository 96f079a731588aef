# CELL: QuantizedLinear
# EXPECT: wrong
# WHY: dynamic mode keeps the float bias but never stores weight_colsum: the zero-point correction crashes (None) at run time
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
        if per_channel:
            w_q, w_scale, _ = quantize_per_channel(w, axis=1, qmin=-WEIGHT_QMAX, qmax=WEIGHT_QMAX, symmetric=True)
        else:
            scale, _ = compute_qparams(w.min(), w.max(), -WEIGHT_QMAX, WEIGHT_QMAX, symmetric=True)
            w_q = quantize(w, scale, 0, -WEIGHT_QMAX, WEIGHT_QMAX)
            w_scale = np.array([scale], dtype=np.float32)
        layer.weight_q, layer.weight_scale = Tensor(w_q), Tensor(w_scale)
        colsum = w_q.sum(axis=0, dtype=np.int64)
        if observer is None:
            layer.bias = Tensor(np.array(b, dtype=np.float32))
        else:
            s_x, z_x = observer.qparams()
            layer.input_scale, layer.input_zero_point = float(s_x), int(z_x)
            bias_codes = np.rint(b / (layer.input_scale * w_scale)).astype(np.int64)
            layer.bias_q = Tensor(to_int32(bias_codes - layer.input_zero_point * colsum, "QuantizedLinear.from_float"))
        return layer

    def accumulator(self, x: np.ndarray) -> tuple:
        "x float32 (M, in) -> (acc int32 (M, out), s_x, z_x): the exact integer bracket of the quantized layer."
        if self.dynamic:
            s_x, z_x = compute_qparams(x.min(), x.max())
        else:
            s_x, z_x = self.input_scale, self.input_zero_point
        acc = int8_matmul_exact(quantize(x, s_x, z_x), self.weight_q.data, self.k_chunk)
        if self.dynamic:
            acc -= z_x * self.weight_colsum.data
        else:
            acc += self.bias_q.data
        return acc, s_x, z_x

    def input_codes(self, x: np.ndarray, s_x: float, z_x: int) -> np.ndarray:
        """x float32 (M, in) -> the codes quantize(x, s_x, z_x) would give, held as float32 (M, in): BLAS reads
        them as they are, so there is no int8 array to make and convert back (one new array, 4 passes)."""
        q = x / np.float32(s_x)                            # the same float32 division as quantize()
        np.rint(q, out=q)                                  # half to even, in place
        q += z_x
        np.clip(q, INT8_MIN, INT8_MAX, out=q)
        return q

    def integer_products(self, codes: np.ndarray) -> np.ndarray:
        """codes float32 (M, in) holding int8 codes -> exact codes @ weight_q (M, out): float32 holding integers
        when in <= k_chunk (one BLAS call, every partial sum below 2**24), else int32 from int8_matmul_exact."""
        w_q = self.weight_q.data
        if w_q.shape[0] > self.k_chunk:                    # rare: several chunks, summed in int32
            return int8_matmul_exact(codes.astype(np.int8), w_q, self.k_chunk)
        return codes @ w_q.astype(np.float32)              # int8 -> float32 is exact; one BLAS call

    def forward(self, x) -> Tensor:
        """The accumulator's arithmetic in as few passes as possible (see Part 7b); equal to dequantizing
        `accumulator(x)` (up to float32 rounding of integers beyond 2**24)."""
        data = x.data if isinstance(x, Tensor) else np.asarray(x)
        if data.ndim == 0 or data.shape[-1] != self.in_features:
            raise ValueError(f"QuantizedLinear({self.in_features}, {self.out_features}) expected input with last "
                             f"dimension {self.in_features}, got shape {data.shape}")
        out_shape = data.shape[:-1] + (self.out_features,)
        x2 = data.reshape(-1, self.in_features).astype(np.float32, copy=False)
        if x2.shape[0] == 0:
            return Tensor(np.zeros(out_shape, dtype=np.float32))
        if self.dynamic:
            s_x, z_x = compute_qparams(x2.min(), x2.max())
            offset = -z_x * self.weight_colsum.data        # int32 (out,): the zero-point correction
        else:
            s_x, z_x = self.input_scale, self.input_zero_point
            offset = self.bias_q.data                      # int32 (out,): bias and correction, folded
        y = self.integer_products(self.input_codes(x2, s_x, z_x)).astype(np.float32, copy=False)
        y += offset.astype(np.float32)                     # float32 + int32 would compute in float64: slow
        y *= s_x * self.weight_scale.data                  # dequantize: one float multiply per output
        if self.dynamic:
            y += self.bias.data
        return Tensor(y.reshape(out_shape))

    def extra_repr(self) -> str:
        mode = "dynamic" if self.dynamic else f"static, s_x={self.input_scale:.3g}, z_x={self.input_zero_point}"
        return f"in_features={self.in_features}, out_features={self.out_features}, {mode}"
