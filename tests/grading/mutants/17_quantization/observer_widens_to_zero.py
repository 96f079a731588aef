"""MinMaxObserver widens its running range to include 0 in observe(): the spec says min_val / max_val are the
observed extremes (compute_qparams does the widening), so after all-positive batches min_val must be their min."""
CELL = "MinMaxObserver"
REPLACE = [("self.min_val = min(self.min_val, float(x.min()))",
            "self.min_val = min(self.min_val, float(x.min()), 0.0)   # BUG: widened here"),
           ("self.max_val = max(self.max_val, float(x.max()))",
            "self.max_val = max(self.max_val, float(x.max()), 0.0)   # BUG: widened here")]
FAILS = ["test_MinMaxObserver"]
