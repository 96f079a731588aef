"""PercentileObserver stores a view of the caller's batch: reusing the buffer rewrites the calibration data."""
CELL = "PercentileObserver"
REPLACE = [("self.values.append(np.array(x, dtype=np.float32).ravel())",
            "self.values.append(np.asarray(x, dtype=np.float32).reshape(-1))")]
FAILS = ["test_PercentileObserver"]
