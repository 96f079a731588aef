# CELL: MinMaxObserver
# EXPECT: wrong
# WHY: does not ignore empty batches: x.min() of an empty array raises ValueError
#| export
class MinMaxObserver:
    "Running min / max of every batch passed to `observe`; `qparams()` turns the range into (scale, zero_point)."

    def __init__(self, qmin: int = INT8_MIN, qmax: int = INT8_MAX, symmetric: bool = False):
        check_qrange(qmin, qmax, "MinMaxObserver")
        self.qmin, self.qmax, self.symmetric = qmin, qmax, symmetric
        self.min_val, self.max_val = math.inf, -math.inf

    def observe(self, x) -> None:
        "Widen the running range to include this batch (ndarray or Tensor, any shape); empty batches are ignored."
        x = as_float_array(x, "MinMaxObserver.observe")
        self.min_val = min(self.min_val, float(x.min()))
        self.max_val = max(self.max_val, float(x.max()))

    def qparams(self) -> tuple:
        "(scale, zero_point) for everything observed so far."
        if self.min_val > self.max_val:
            raise RuntimeError("MinMaxObserver.qparams: nothing observed yet; call observe() on calibration batches")
        return compute_qparams(self.min_val, self.max_val, self.qmin, self.qmax, self.symmetric)

    def __repr__(self) -> str:
        return f"MinMaxObserver(min_val={self.min_val:.4g}, max_val={self.max_val:.4g})"
