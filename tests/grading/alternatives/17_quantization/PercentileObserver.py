# Alternative: ravel then astype(copy=True); the percentiles of the concatenation taken in a generator.
# (Both from ONE np.percentile(v, [lo, hi]) call is also correct, but NumPy 2 then returns float64 percentiles of
# float32 data, and test_quantize_model compares the resulting qparams exactly with float32 percentiles: a false
# failure of that hidden test, reported for module 17.)
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
        ### BEGIN SOLUTION
        values = as_float_array(x, "PercentileObserver.observe")
        if values.size > 0:
            self.values.append(np.ravel(values).astype(np.float32, copy=True))
        ### END SOLUTION

    def qparams(self) -> tuple:
        "(scale, zero_point) from the percentiles of everything observed so far."
        if not self.values:
            raise RuntimeError("PercentileObserver.qparams: nothing observed yet; call observe() first")
        ### BEGIN SOLUTION
        everything = np.concatenate(self.values)
        lo, hi = (np.percentile(everything, q) for q in (100.0 - self.percentile, self.percentile))
        return compute_qparams(float(lo), float(hi), self.qmin, self.qmax, self.symmetric)
        ### END SOLUTION

    def __repr__(self) -> str:
        return f"PercentileObserver(percentile={self.percentile}, batches={len(self.values)})"
