# CELL: quantize_per_channel
# EXPECT: wrong
# WHY: per-channel scales but one zero point from the whole tensor's range for every channel: slice c must use compute_qparams of its own min and max
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
    others = tuple(a for a in range(x.ndim) if a != axis)
    lows, highs = x.min(axis=others), x.max(axis=others)
    params = [compute_qparams(lo, hi, qmin, qmax, symmetric) for lo, hi in zip(lows, highs)]
    scales = np.array([s for s, _ in params], dtype=np.float32)
    zero_points = np.full(len(params), compute_qparams(x.min(), x.max(), qmin, qmax, symmetric)[1], dtype=np.int32)
    shape = channel_shape(x.ndim, axis)
    q = quantize(x, scales.reshape(shape), zero_points.reshape(shape), qmin, qmax)
    return q, scales, zero_points
