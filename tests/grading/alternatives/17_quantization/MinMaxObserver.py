# Alternative: explicit comparisons with the running bounds; qparams passes keywords.
### BEGIN SOLUTION
values = as_float_array(x, "MinMaxObserver.observe")
if values.size > 0:
    lo, hi = float(np.min(values)), float(np.max(values))
    if lo < self.min_val:
        self.min_val = lo
    if hi > self.max_val:
        self.max_val = hi
### END SOLUTION
### BEGIN SOLUTION
return compute_qparams(self.min_val, self.max_val, qmin=self.qmin, qmax=self.qmax, symmetric=self.symmetric)
### END SOLUTION
