"""Symmetric scale divides by (qmax - qmin) like the asymmetric one: half the levels are wasted."""
CELL = "compute_qparams"
REPLACE = [("scale = max(-x_min, x_max) / ((qmax - qmin) / 2)", "scale = max(-x_min, x_max) / (qmax - qmin)")]
FAILS = ["test_compute_qparams", "test_QuantizedLinear"]
