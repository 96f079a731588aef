"""PercentileObserver averages per-batch percentiles instead of taking the percentiles of all values."""
CELL = "PercentileObserver"
REPLACE = [("lo, hi = np.percentile(v, 100.0 - self.percentile), np.percentile(v, self.percentile)",
            "lo = float(np.mean([np.percentile(b, 100.0 - self.percentile) for b in self.values]))\n"
            "        hi = float(np.mean([np.percentile(b, self.percentile) for b in self.values]))")]
FAILS = ["test_PercentileObserver"]
