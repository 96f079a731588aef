"""compute_qparams uses [x_min, x_max] as given: an all-positive range cannot represent 0.0 exactly."""
CELL = "compute_qparams"
REPLACE = [("    x_min, x_max = min(x_min, 0.0), max(x_max, 0.0)     # 0.0 must be exactly representable\n", "")]
FAILS = ["test_compute_qparams", "test_MinMaxObserver", "test_PercentileObserver"]
