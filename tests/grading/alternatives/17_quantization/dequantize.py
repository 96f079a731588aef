# Alternative: the exact integer difference first (int64), scaled in float64, rounded once to float32.
#| export
def dequantize(q, scale, zero_point) -> np.ndarray:
    """Integer codes -> float32 approximations (q - zero_point) * scale, same shape as q.

    q: integer array (int8 codes, or an int32 accumulator); scale, zero_point: numbers or broadcasting arrays.
    """
    q = np.asarray(q.data if isinstance(q, Tensor) else q)
    if q.dtype.kind not in "iu":
        raise TypeError(f"dequantize: expected integer codes, got dtype {q.dtype}")
    ### BEGIN SOLUTION
    centered = q.astype(np.int64) - np.asarray(zero_point, dtype=np.int64)
    return (centered * np.asarray(scale, dtype=np.float64)).astype(np.float32)
    ### END SOLUTION
