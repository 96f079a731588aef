# Alternative: symmetric scale as 2·bound / levels, Python round (also half to even), np.clip for the clamp.
#| export
def compute_qparams(x_min, x_max, qmin: int = INT8_MIN, qmax: int = INT8_MAX, symmetric: bool = False) -> tuple:
    """(scale, zero_point) mapping the real range [x_min, x_max] (widened to include 0) onto integers [qmin, qmax].

    scale: Python float > 0 (real units per integer step); zero_point: Python int in [qmin, qmax], the code of 0.0.
    Asymmetric: scale = (max - min) / (qmax - qmin), zero_point = qmin - rint(min / scale), clamped.
    Symmetric: scale = max(|min|, |max|) / ((qmax - qmin) / 2), zero_point = 0.
    A zero-width range (an all-zero tensor) gets scale 1.0, so nothing divides by zero.
    """
    x_min, x_max = float(x_min), float(x_max)
    if not (math.isfinite(x_min) and math.isfinite(x_max)):
        raise ValueError(f"compute_qparams: the range must be finite, got [{x_min}, {x_max}]")
    if x_min > x_max:
        raise ValueError(f"compute_qparams: x_min must be <= x_max, got x_min={x_min}, x_max={x_max}")
    check_qrange(qmin, qmax, "compute_qparams")
    ### BEGIN SOLUTION
    lo, hi = min(0.0, x_min), max(0.0, x_max)
    levels = qmax - qmin
    if symmetric:
        bound = max(abs(lo), abs(hi))
        return (2 * bound / levels if bound > 0 else 1.0), 0
    scale = (hi - lo) / levels or 1.0                    # a zero-width range gets scale 1.0
    zero_point = qmin - round(lo / scale)
    return float(scale), int(np.clip(zero_point, qmin, qmax))
    ### END SOLUTION
