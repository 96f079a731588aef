# Alternative: the exact integer difference first (int64), scaled in float64, rounded once to float32.
### BEGIN SOLUTION
centered = q.astype(np.int64) - np.asarray(zero_point, dtype=np.int64)
return (centered * np.asarray(scale, dtype=np.float64)).astype(np.float32)
### END SOLUTION
