# CELL: PercentileObserver
# EXPECT: wrong
# WHY: appends empty batches too: after only empty batches qparams() fails inside np.percentile instead of the 'nothing observed' RuntimeError
#| export
class PercentileObserver:
    "Keeps every observed value; qparams() uses the (100-p)-th and p-th percentiles, clipping rare extremes."

    def __init__(self, percentile: float = 99.99, qmin: int = INT8_MIN, qmax: int = INT8_MAX,
                 symmetric: bool = False):
        if not 50.0 < percentile <= 100.0:
            raise ValueError(f"PercentileObserver: percentile must be in (50, 100], got {percentile}")
        check_qrange(qmin, qmax, "PercentileObserver")
        self.percentile, self.qmin, self.qmax, self.symmetric = float(percentile), qmin, qmax, symmetric
        self.values = []

    def observe(self, x) -> None:
        "Store a float32 copy of the flattened batch (empty batches are ignored)."
        x = as_float_array(x, "PercentileObserver.observe")
        self.values.append(np.array(x, dtype=np.float32).ravel())

    def qparams(self) -> tuple:
        "(scale, zero_point) from the percentiles of everything observed so far."
        if not self.values:
            raise RuntimeError("PercentileObserver.qparams: nothing observed yet; call observe() first")
        v = np.concatenate(self.values)
        lo, hi = np.percentile(v, 100.0 - self.percentile), np.percentile(v, self.percentile)
        return compute_qparams(lo, hi, self.qmin, self.qmax, self.symmetric)

    def __repr__(self) -> str:
        return f"PercentileObserver(percentile={self.percentile}, batches={len(self.values)})"
