# CELL: quantize_per_channel
# EXPECT: wrong
# WHY: (written as correct, found buggy by grading) on a 1-D x, q[c] = quantize(xm[c], scales[c:c+1], ...) puts a (1,)-array into a scalar slot and raises; the spec allows 1-D x
#| export
def quantize_per_channel(x, axis: int, qmin: int = INT8_MIN, qmax: int = INT8_MAX, symmetric: bool = False):
    """One (scale, zero_point) per slice of x along `axis`.

    x: float array, at least 1-D, non-empty. Returns (q int8 shaped like x, scales float32 (C,),
    zero_points int32 (C,)) with C = x.shape[axis]; slice c uses compute_qparams(min, max) of that slice.
    """
    x = as_float_array(x, "quantize_per_channel")
    if x.ndim == 0 or x.size == 0:
        raise ValueError(f"quantize_per_channel: expected a non-empty array with >= 1 dimension, got shape {x.shape}")
    axis = normalize_axis(axis, x.ndim, "quantize_per_channel")
    xm = np.moveaxis(x, axis, 0)
    C = xm.shape[0]
    q = np.empty(xm.shape, dtype=np.int8)
    scales = np.empty(C, dtype=np.float32)
    zero_points = np.empty(C, dtype=np.int32)
    for c in range(C):
        s, z = compute_qparams(xm[c].min(), xm[c].max(), qmin, qmax, symmetric)
        scales[c], zero_points[c] = s, z
        q[c] = quantize(xm[c], scales[c:c + 1], zero_points[c:c + 1], qmin, qmax)
    return np.moveaxis(q, 0, axis), scales, zero_points
