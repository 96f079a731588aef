"matmul_flops takes the element-wise max of the padded batch dimensions without checking they broadcast: (2, 3, 4) @ (3, 4, 5) is counted instead of raising ValueError (spec: raise if the batch dimensions do not broadcast)."
REPLACES = "matmul_flops"
FAILS = ["test_flops"]


def matmul_flops(a_shape, b_shape) -> int:
    a_shape, b_shape = tuple(int(d) for d in a_shape), tuple(int(d) for d in b_shape)
    if not a_shape or not b_shape:
        raise ValueError(f"matmul needs operands with at least 1 dimension, got shapes {a_shape} and {b_shape}")
    k = a_shape[-1]
    k_b = b_shape[-2] if len(b_shape) >= 2 else b_shape[0]
    if k != k_b:
        raise ValueError(f"matmul shape mismatch: {a_shape} @ {b_shape} (inner dimensions {k} != {k_b})")
    m = a_shape[-2] if len(a_shape) >= 2 else 1
    n = b_shape[-1] if len(b_shape) >= 2 else 1
    la, lb = a_shape[:-2], b_shape[:-2]
    width = max(len(la), len(lb))
    la, lb = (1,) * (width - len(la)) + la, (1,) * (width - len(lb)) + lb
    batch = tuple(max(p, q) for p, q in zip(la, lb))   # BUG: no broadcast check
    return 2 * k * m * n * math.prod(batch)
