"""PercentileObserver.qparams() passes qmin and qmax but not symmetric: a symmetric observer gets an asymmetric
scale and a non-zero zero point."""
CELL = "PercentileObserver"
REPLACE = [("return compute_qparams(lo, hi, self.qmin, self.qmax, self.symmetric)",
            "return compute_qparams(lo, hi, self.qmin, self.qmax)   # BUG: symmetric ignored")]
FAILS = ["test_PercentileObserver"]
