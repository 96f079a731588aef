"""Static QuantizedLinear keeps a float32 bias instead of the int32 one (and adds it as codes)."""
CELL = "QuantizedLinear"
REPLACE = [("layer.bias_q = Tensor(to_int32(bias_codes - layer.input_zero_point * colsum, \"QuantizedLinear.from_float\"))",
            "layer.bias_q = Tensor((bias_codes - layer.input_zero_point * colsum).astype(np.float32))")]
FAILS = ["test_QuantizedLinear"]
