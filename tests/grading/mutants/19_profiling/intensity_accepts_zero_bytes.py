"arithmetic_intensity divides without checking its inputs: 0 bytes gives inf (or ZeroDivisionError) instead of a ValueError naming the inputs, negative FLOPs pass."
REPLACES = "arithmetic_intensity"
FAILS = ['test_bottleneck']


def arithmetic_intensity(flops, bytes_moved) -> float:
    "FLOPs per byte moved (FLOP/byte)."
    return float(flops) / float(bytes_moved) if bytes_moved else float("inf")   # BUG: no input check
