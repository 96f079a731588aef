# CELL: compute_qparams
# EXPECT: wrong
# WHY: widens only x_min to include 0 (x_max = max(x_max, 0) forgotten): all-negative ranges such as [-5, -2] get the wrong scale and zero point
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
    x_min = min(x_min, 0.0)
    if symmetric:
        scale = max(-x_min, x_max) / ((qmax - qmin) / 2)
    else:
        scale = (x_max - x_min) / (qmax - qmin)
    if scale == 0.0:
        scale = 1.0
    if symmetric:
        return float(scale), 0
    zero_point = qmin - int(np.rint(x_min / scale))
    return float(scale), int(min(max(zero_point, qmin), qmax))
