# Alternative: the channel axis moved to the front and each channel quantized in a Python loop.
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
    ### BEGIN SOLUTION
    channels = np.moveaxis(x, axis, 0)
    n = channels.shape[0]
    q = np.empty(channels.shape, dtype=np.int8)
    scales, zero_points = np.empty(n, dtype=np.float32), np.empty(n, dtype=np.int32)
    for c in range(n):
        scale, zero_point = compute_qparams(channels[c].min(), channels[c].max(), qmin, qmax, symmetric)
        scales[c], zero_points[c] = scale, zero_point
        q[c] = quantize(channels[c], scales[c], zero_points[c], qmin, qmax)
    return np.ascontiguousarray(np.moveaxis(q, 0, axis)), scales, zero_points
    ### END SOLUTION
