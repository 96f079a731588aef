# Alternative: one functional expression instead of in-place steps.
### BEGIN SOLUTION
return np.clip(np.rint(x / scale) + zero_point, qmin, qmax).astype(np.int8)
### END SOLUTION
