"""Int4Linear.from_float stores the scales as float32 (twice the bytes the 4.5-bit budget allows)."""
CELL = "Int4Linear"
REPLACE = [("layer.weight_scale = Tensor(scales)", "layer.weight_scale = Tensor(scales.astype(np.float32))")]
FAILS = ["test_Int4Linear"]
