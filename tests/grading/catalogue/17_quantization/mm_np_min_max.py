# CELL: MinMaxObserver
# EXPECT: correct
# WHY: np.min/np.max on the unwrapped array, Python floats via .item(); explicit comparisons
#| export
class MinMaxObserver:
    "Running min / max of every batch passed to `observe`; `qparams()` turns the range into (scale, zero_point)."

    def __init__(self, qmin: int = INT8_MIN, qmax: int = INT8_MAX, symmetric: bool = False):
        check_qrange(qmin, qmax, "MinMaxObserver")
        self.qmin, self.qmax, self.symmetric = qmin, qmax, symmetric
        self.min_val, self.max_val = math.inf, -math.inf

    def observe(self, x) -> None:
        "Widen the running range to include this batch (ndarray or Tensor, any shape); empty batches are ignored."
        arr = x.data if isinstance(x, Tensor) else np.asarray(x)
        if arr.size == 0:
            return
        lo, hi = float(np.min(arr)), float(np.max(arr))
        if lo < self.min_val:
            self.min_val = lo
        if hi > self.max_val:
            self.max_val = hi

    def qparams(self) -> tuple:
        "(scale, zero_point) for everything observed so far."
        if self.min_val > self.max_val:
            raise RuntimeError("MinMaxObserver.qparams: nothing observed yet; call observe() on calibration batches")
        s, z = compute_qparams(self.min_val, self.max_val, qmin=self.qmin, qmax=self.qmax, symmetric=self.symmetric)
        return s, z

    def __repr__(self) -> str:
        return f"MinMaxObserver(min_val={self.min_val:.4g}, max_val={self.max_val:.4g})"
