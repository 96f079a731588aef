# CELL: exact_chunk_size
# EXPECT: wrong
# WHY: round(2**24 / (a*b)) instead of floor: rounds up e.g. for 100*100 (1678 > 1677.7), making float32 sums inexact
#| export
def exact_chunk_size(max_abs_a: int = 128, max_abs_b: int = 128) -> int:
    """Largest K with K * max_abs_a * max_abs_b <= 2**24: a float32 sum of K products of integers with
    |a| <= max_abs_a and |b| <= max_abs_b is then exact, whatever the order of summation."""
    for v in (max_abs_a, max_abs_b):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise ValueError(f"exact_chunk_size: bounds must be integers >= 1, got {max_abs_a!r} and {max_abs_b!r}")
    if max_abs_a * max_abs_b > FLOAT32_EXACT_INTS:
        raise ValueError(f"exact_chunk_size: one product {max_abs_a} * {max_abs_b} already exceeds 2**24")
    return int(round(FLOAT32_EXACT_INTS / (max_abs_a * max_abs_b)))
