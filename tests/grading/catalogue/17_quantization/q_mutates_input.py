# CELL: quantize
# EXPECT: wrong
# WHY: divides x in place (x /= scale): the caller's float array is overwritten with scaled values
#| export
def quantize(x, scale, zero_point, qmin: int = INT8_MIN, qmax: int = INT8_MAX) -> np.ndarray:
    """Real values -> int8 codes: clip(rint(x / scale) + zero_point, qmin, qmax), same shape as x.

    x: float array (or Tensor) of any shape; scale (> 0) and zero_point: numbers, or arrays broadcasting against x.
    Rounding is half-to-even (np.rint); values outside the range saturate at qmin / qmax.
    """
    x = as_float_array(x, "quantize")
    check_int8_range(qmin, qmax, "quantize")
    if np.any(np.asarray(scale) <= 0):
        raise ValueError(f"quantize: scale must be > 0, got {scale}")
    x /= scale
    np.rint(x, out=x)
    codes = x + zero_point
    np.clip(codes, qmin, qmax, out=codes)
    return codes.astype(np.int8)
