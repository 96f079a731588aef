"""dequantize returns float64 (the NumPy promotion trap) instead of float32."""
CELL = "dequantize"
REPLACE = [("return np.asarray(centered * scale, dtype=np.float32)",
            "return centered.astype(np.float64) * scale")]
FAILS = ["test_dequantize"]
