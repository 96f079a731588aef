"""quantize_groups rounds halves up (floor(v + 0.5)) instead of to even."""
CELL = "quantize_groups"
REPLACE = [("np.rint(codes, out=codes)", "np.floor(codes + 0.5, out=codes)")]
FAILS = ["test_quantize_groups"]
