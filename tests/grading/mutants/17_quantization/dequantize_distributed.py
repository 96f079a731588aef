"""dequantize computes q * scale - zero_point * scale in float32: two roundings and a cancellation instead of one
rounding of (q - zero_point) * scale; for q next to a large zero point the relative error is ~1e-5."""
CELL = "dequantize"
REPLACE = [("    centered = q.astype(np.float32) - zero_point     # in float32: int8 arithmetic would wrap around\n"
            "    return np.asarray(centered * scale, dtype=np.float32)",
            "    scale32 = np.asarray(scale, dtype=np.float32)\n"
            "    return np.asarray(q.astype(np.float32) * scale32 - np.asarray(zero_point, np.float32) * scale32,"
            " dtype=np.float32)   # BUG: distributed")]
FAILS = ["test_dequantize"]
