# Alternative: np.quantile with q = percentile / 100 (what np.percentile does inside), settings passed as keywords.
### BEGIN SOLUTION
arr = as_float_array(x, "PercentileObserver.observe")
if arr.size != 0:
    self.values.append(arr.astype(np.float32).reshape(-1))
### END SOLUTION
### BEGIN SOLUTION
v = np.concatenate(self.values)
lo = np.quantile(v, (100.0 - self.percentile) / 100)
hi = np.quantile(v, self.percentile / 100)
return compute_qparams(lo, hi, qmin=self.qmin, qmax=self.qmax, symmetric=self.symmetric)
### END SOLUTION
