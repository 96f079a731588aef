"""compute_qparams rounds the zero point half away from zero (C's round) instead of half to even."""
CELL = "compute_qparams"
REPLACE = [("zero_point = qmin - int(np.rint(x_min / scale))",
            "zero_point = qmin - int(np.sign(x_min / scale) * np.floor(abs(x_min / scale) + 0.5))")]
FAILS = ["test_compute_qparams"]
