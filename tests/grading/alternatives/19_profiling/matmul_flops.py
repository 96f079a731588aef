# Alternative: 1-D operands promoted to matrices first, then the shapes unpacked with starred assignment.
### BEGIN SOLUTION
a2 = (1,) + a_shape if len(a_shape) == 1 else a_shape
b2 = b_shape + (1,) if len(b_shape) == 1 else b_shape
*batch_a, m, k = a2
*batch_b, k2, n = b2
if k != k2:
    raise ValueError(f"matmul shape mismatch: {a_shape} @ {b_shape} (inner dimensions {k} != {k2})")
total = 2 * m * n * k
for d in np.broadcast_shapes(tuple(batch_a), tuple(batch_b)):
    total *= int(d)
return int(total)
### END SOLUTION
