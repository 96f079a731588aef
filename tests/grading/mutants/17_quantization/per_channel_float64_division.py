"""quantize_per_channel returns float32 scales but quantizes with the float64 ones: the spec says the codes are
quantize(x, float32 scales) (what a stored model computes); near .5 ties the float64 quotient rounds differently."""
CELL = "quantize_per_channel"
REPLACE = [("q = quantize(x, scales.reshape(shape), zero_points.reshape(shape), qmin, qmax)",
            "q = quantize(x, np.array([s for s, _ in params]).reshape(shape), zero_points.reshape(shape), qmin,"
            " qmax)   # BUG: float64 scales")]
FAILS = ["test_quantize_per_channel"]
