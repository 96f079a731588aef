# Alternative: the running bounds kept as np.float64 scalars (a subclass of Python float) via np.minimum/np.maximum.
### BEGIN SOLUTION
arr = as_float_array(x, "MinMaxObserver.observe")
if arr.size:
    self.min_val = np.minimum(np.float64(self.min_val), np.float64(arr.min()))
    self.max_val = np.maximum(np.float64(self.max_val), np.float64(arr.max()))
### END SOLUTION
### BEGIN SOLUTION
lo, hi = self.min_val, self.max_val
return compute_qparams(lo, hi, self.qmin, self.qmax, symmetric=self.symmetric)
### END SOLUTION
