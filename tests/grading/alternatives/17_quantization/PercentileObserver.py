# Alternative: ravel then astype(copy=True); the percentiles of the concatenation taken in a generator.
# (Both from ONE np.percentile(v, [lo, hi]) call is also correct, but NumPy 2 then returns float64 percentiles of
# float32 data, and test_quantize_model compares the resulting qparams exactly with float32 percentiles: a false
# failure of that hidden test, reported for module 17.)
### BEGIN SOLUTION
values = as_float_array(x, "PercentileObserver.observe")
if values.size > 0:
    self.values.append(np.ravel(values).astype(np.float32, copy=True))
### END SOLUTION
### BEGIN SOLUTION
everything = np.concatenate(self.values)
lo, hi = (np.percentile(everything, q) for q in (100.0 - self.percentile, self.percentile))
return compute_qparams(float(lo), float(hi), self.qmin, self.qmax, self.symmetric)
### END SOLUTION
