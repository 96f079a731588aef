# CELL: PercentileObserver
# EXPECT: correct
# WHY: copies with reshape(-1).astype(float32, copy=True); same concatenation and default-method percentiles
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
        arr = x.data if isinstance(x, Tensor) else np.asarray(x)
        if arr.size > 0:
            self.values.append(arr.reshape(-1).astype(np.float32, copy=True))

    def qparams(self) -> tuple:
        "(scale, zero_point) from the percentiles of everything observed so far."
        if not self.values:
            raise RuntimeError("PercentileObserver.qparams: nothing observed yet; call observe() first")
        allv = np.concatenate(self.values)
        p = self.percentile
        return compute_qparams(np.percentile(allv, 100.0 - p), np.percentile(allv, p), self.qmin, self.qmax, self.symmetric)

    def __repr__(self) -> str:
        return f"PercentileObserver(percentile={self.percentile}, batches={len(self.values)})"
