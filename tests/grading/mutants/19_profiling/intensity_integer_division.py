"arithmetic_intensity uses floor division: 100 FLOPs / 30 bytes gives 3 instead of 3.33."
REPLACES = "arithmetic_intensity"
FAILS = ['test_bottleneck']


def arithmetic_intensity(flops, bytes_moved) -> float:
    "FLOPs per byte moved (FLOP/byte)."
    if not bytes_moved > 0 or flops < 0:
        raise ValueError(f"arithmetic_intensity needs flops >= 0 and bytes_moved > 0, got flops={flops}, "
                         f"bytes_moved={bytes_moved}")
    return float(flops // bytes_moved)   # BUG
