# CELL: matmul_flops
# EXPECT: correct
# WHY: promotes 1-D operands to 2-D explicitly and uses np.broadcast_shapes on the padded shapes; int() of the product
#| export
def matmul_flops(a_shape, b_shape) -> int:
    """FLOPs of `a @ b` for shapes a (..., M, K) or (K,), b (..., K, N) or (K,): 2·K·M·N·prod(broadcast batch dims).

    Two FLOPs per multiply-accumulate (torch's FlopCounterMode convention). Returns a Python int.
    """
    a_shape, b_shape = tuple(int(d) for d in a_shape), tuple(int(d) for d in b_shape)
    if not a_shape or not b_shape:
        raise ValueError(f"matmul needs operands with at least 1 dimension, got shapes {a_shape} and {b_shape}")
    a2 = a_shape if len(a_shape) >= 2 else (1,) + a_shape
    b2 = b_shape if len(b_shape) >= 2 else b_shape + (1,)
    (m, k), (k_b, n) = a2[-2:], b2[-2:]
    if k != k_b:
        raise ValueError(f"matmul: inner dimensions differ, {a_shape} @ {b_shape}")
    total = 2 * m * k * n
    for d in np.broadcast_shapes(a2[:-2], b2[:-2]):
        total *= int(d)
    return int(total)
