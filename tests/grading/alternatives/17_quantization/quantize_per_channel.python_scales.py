# Alternative: a loop over channels that quantizes each slice with the Python-float scale compute_qparams returned
# (not the stored float32 one): a Python float is weak, so the float32 slice is divided by float32(scale) anyway.
### BEGIN SOLUTION
n = x.shape[axis]
q = np.empty(x.shape, dtype=np.int8)
scales, zero_points = np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.int32)
for c in range(n):
    index = [slice(None)] * x.ndim
    index[axis] = c
    part = x[tuple(index)]
    scale, zero_point = compute_qparams(float(part.min()), float(part.max()), qmin=qmin, qmax=qmax,
                                        symmetric=symmetric)
    q[tuple(index)] = quantize(part, scale, zero_point, qmin, qmax)
    scales[c], zero_points[c] = scale, zero_point
return q, scales, zero_points
### END SOLUTION
