"""dequantize subtracts the zero point in int8 arithmetic: 127 - (-128) wraps around to -1."""
CELL = "dequantize"
REPLACE = [("centered = q.astype(np.float32) - zero_point     # in float32: int8 arithmetic would wrap around",
            "centered = (q - np.asarray(zero_point).astype(q.dtype)).astype(np.float32)")]
FAILS = ["test_dequantize"]
