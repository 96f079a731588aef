# CELL: measure_gflops
# EXPECT: wrong
# WHY: samples with rng.standard_normal(..., dtype=dtype) instead of float64 draws cast with .astype(dtype): different matrices, and float16 raises
#| export
def measure_gflops(fn, n: int, repeats: int = 5, warmup: int = 1, dtype=np.float32, seed: int = 0,
                   timer=time.perf_counter) -> float:
    """Median GFLOP/s of `fn(a, b)` on seeded random n x n matrices of `dtype` (2*n**3 FLOPs per call).

    `warmup` untimed calls first, then `repeats` timed calls; `timer` returns seconds (injectable for tests).
    """
    if n < 1 or repeats < 1:
        raise ValueError(f"measure_gflops needs n >= 1 and repeats >= 1, got n={n}, repeats={repeats}")
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n), dtype=dtype)
    b = rng.standard_normal((n, n), dtype=dtype)
    for _ in range(warmup):
        fn(a, b)
    elapsed = []
    for _ in range(repeats):
        start = timer()
        fn(a, b)
        elapsed.append(timer() - start)
    return float(2 * n**3 / np.median(elapsed) / 1e9)
