"""compute_qparams computes the scale in float32: the spec says scale is a Python float computed in float64
arithmetic, so the scale is off by up to a float32 ulp and zero points near a tie can move."""
CELL = "compute_qparams"
REPLACE = [("        scale = (x_max - x_min) / (qmax - qmin)",
            "        scale = float(np.float32(x_max - x_min) / np.float32(qmax - qmin))   # BUG: float32 arithmetic")]
FAILS = ["test_compute_qparams"]
