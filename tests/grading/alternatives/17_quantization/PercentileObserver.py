# Alternative: ravel then astype(copy=True); both percentiles from ONE np.percentile(v, [lo, hi]) call, which in
# NumPy 2 returns float64 percentiles of the float32 data (the scale then differs from the two-call reference in its
# last bits: the tests must accept that).
### BEGIN SOLUTION
values = as_float_array(x, "PercentileObserver.observe")
if values.size > 0:
    self.values.append(np.ravel(values).astype(np.float32, copy=True))
### END SOLUTION
### BEGIN SOLUTION
everything = np.concatenate(self.values)
lo, hi = np.percentile(everything, [100.0 - self.percentile, self.percentile])
return compute_qparams(lo, hi, self.qmin, self.qmax, self.symmetric)
### END SOLUTION
