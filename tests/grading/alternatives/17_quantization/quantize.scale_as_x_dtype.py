# Alternative: the scale converted to x's dtype first (np.asarray(scale, dtype=x.dtype)), then np.divide: the same
# float32 quotient as the weak Python-float scale; round, shift and clip as separate expressions.
### BEGIN SOLUTION
s = np.asarray(scale, dtype=x.dtype)
codes = np.rint(np.divide(x, s))
codes = codes + np.asarray(zero_point, dtype=x.dtype)
return np.minimum(np.maximum(codes, qmin), qmax).astype(np.int8)
### END SOLUTION
