"""quantize truncates toward zero (what a plain astype does) instead of rounding."""
CELL = "quantize"
REPLACE = [("np.rint(codes, out=codes)                  # round half to even", "np.trunc(codes, out=codes)")]
FAILS = ["test_quantize", "test_quantize_per_channel", "test_QuantizedLinear"]
