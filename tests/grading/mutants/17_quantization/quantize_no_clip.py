"""quantize casts to int8 without clipping: out-of-range values wrap around (130 -> -126)."""
CELL = "quantize"
REPLACE = [("np.clip(codes, qmin, qmax, out=codes)      # saturate before the cast: int8 would wrap around",
            "codes = codes.astype(np.int64)")]
FAILS = ["test_quantize", "test_QuantizedLinear"]
