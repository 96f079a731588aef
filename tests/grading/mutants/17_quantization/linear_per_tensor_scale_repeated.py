"""QuantizedLinear.from_float(per_channel=False) stores the one scale repeated per column, shape (out,): the spec
says weight_scale then has shape (1,) (storing it once is part of what per-tensor saves)."""
CELL = "QuantizedLinear"
REPLACE = [("w_scale = np.array([scale], dtype=np.float32)             # one scale, broadcast over the columns",
            "w_scale = np.full(linear.out_features, scale, dtype=np.float32)   # BUG: repeated")]
FAILS = ["test_QuantizedLinear"]
