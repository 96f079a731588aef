# CELL: dequantize
# EXPECT: wrong
# WHY: float(scale) / int(zero_point): per-channel (array) scales and zero points, which the spec allows, raise
#| export
def dequantize(q, scale, zero_point) -> np.ndarray:
    """Integer codes -> float32 approximations (q - zero_point) * scale, same shape as q.

    q: integer array (int8 codes, or an int32 accumulator); scale, zero_point: numbers or broadcasting arrays.
    """
    q = np.asarray(q.data if isinstance(q, Tensor) else q)
    if q.dtype.kind not in "iu":
        raise TypeError(f"dequantize: expected integer codes, got dtype {q.dtype}")
    return (q.astype(np.float32) - int(zero_point)) * np.float32(float(scale))
