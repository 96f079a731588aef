# CELL: dequantize
# EXPECT: wrong
# WHY: subtracts the zero point in the integer dtype before converting: int8 arithmetic wraps (127 - (-128))
#| export
def dequantize(q, scale, zero_point) -> np.ndarray:
    """Integer codes -> float32 approximations (q - zero_point) * scale, same shape as q.

    q: integer array (int8 codes, or an int32 accumulator); scale, zero_point: numbers or broadcasting arrays.
    """
    q = np.asarray(q.data if isinstance(q, Tensor) else q)
    if q.dtype.kind not in "iu":
        raise TypeError(f"dequantize: expected integer codes, got dtype {q.dtype}")
    return ((q - zero_point) * scale).astype(np.float32)
