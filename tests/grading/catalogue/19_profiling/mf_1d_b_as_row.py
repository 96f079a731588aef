# CELL: matmul_flops
# EXPECT: wrong
# WHY: a 1-D b of shape (K,) gets N = K (its last dim) instead of acting as (K, 1)
#| export
def matmul_flops(a_shape, b_shape) -> int:
    """FLOPs of `a @ b` for shapes a (..., M, K) or (K,), b (..., K, N) or (K,): 2·K·M·N·prod(broadcast batch dims).

    Two FLOPs per multiply-accumulate (torch's FlopCounterMode convention). Returns a Python int.
    """
    a_shape, b_shape = tuple(int(d) for d in a_shape), tuple(int(d) for d in b_shape)
    if not a_shape or not b_shape:
        raise ValueError(f"matmul needs operands with at least 1 dimension, got shapes {a_shape} and {b_shape}")
    k = a_shape[-1]
    k_b = b_shape[-2] if len(b_shape) >= 2 else b_shape[0]
    if k != k_b:
        raise ValueError(f"matmul shape mismatch: {a_shape} @ {b_shape} (inner dimensions {k} != {k_b})")
    m = a_shape[-2] if len(a_shape) >= 2 else 1
    n = b_shape[-1]
    batch = np.broadcast_shapes(a_shape[:-2], b_shape[:-2])   # 1-D operands have no batch dimensions
    return 2 * k * m * n * math.prod(batch)
