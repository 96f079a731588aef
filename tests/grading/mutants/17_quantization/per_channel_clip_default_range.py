"""quantize_per_channel gets each channel's qparams for [qmin, qmax] but quantizes with the default int8 range:
codes that round past qmax (a channel whose x_min / scale is a .5 tie) are not clipped to [qmin, qmax]."""
CELL = "quantize_per_channel"
REPLACE = [("q = quantize(x, scales.reshape(shape), zero_points.reshape(shape), qmin, qmax)",
            "q = quantize(x, scales.reshape(shape), zero_points.reshape(shape))   # BUG: qmin, qmax dropped")]
FAILS = ["test_quantize_per_channel"]
