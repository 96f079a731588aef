"""compute_qparams adds round(x_min / scale) instead of subtracting it: the zero point has the wrong sign."""
CELL = "compute_qparams"
REPLACE = [("zero_point = qmin - int(np.rint(x_min / scale))", "zero_point = qmin + int(np.rint(x_min / scale))")]
FAILS = ["test_compute_qparams", "test_quantize_per_channel", "test_QuantizedLinear"]
