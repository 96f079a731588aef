"""quantize_per_channel quantizes with float64 scales and returns them: not what a stored float32 model computes."""
CELL = "quantize_per_channel"
REPLACE = [("scales = np.array([s for s, _ in params], dtype=np.float32)",
            "scales = np.array([s for s, _ in params], dtype=np.float64)")]
FAILS = ["test_quantize_per_channel"]
