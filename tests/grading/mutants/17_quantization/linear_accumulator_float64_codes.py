"""QuantizedLinear.accumulator quantizes a float64 copy of x: the spec says x float32 is quantized like quantize()
does (x / s_x in float32); activations on a .5 tie after scaling get the other code."""
CELL = "QuantizedLinear"
REPLACE = [("acc = int8_matmul_exact(quantize(x, s_x, z_x), self.weight_q.data, self.k_chunk)",
            "acc = int8_matmul_exact(quantize(x.astype(np.float64), s_x, z_x), self.weight_q.data,"
            " self.k_chunk)   # BUG: float64")]
FAILS = ["test_QuantizedLinear"]
