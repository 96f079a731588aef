# CELL: dequantize
# EXPECT: wrong
# WHY: subtracts in int16: fine for int8 codes, but an int32 accumulator (allowed input) overflows int16 before conversion
#| export
def dequantize(q, scale, zero_point) -> np.ndarray:
    """Integer codes -> float32 approximations (q - zero_point) * scale, same shape as q.

    q: integer array (int8 codes, or an int32 accumulator); scale, zero_point: numbers or broadcasting arrays.
    """
    q = np.asarray(q.data if isinstance(q, Tensor) else q)
    if q.dtype.kind not in "iu":
        raise TypeError(f"dequantize: expected integer codes, got dtype {q.dtype}")
    return ((q.astype(np.int16) - zero_point) * scale).astype(np.float32)
