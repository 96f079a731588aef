# CELL: measure_gflops
# EXPECT: wrong
# WHY: no n < 1 / repeats < 1 check: repeats=0 returns nan (median of nothing) instead of ValueError
#| export
def measure_gflops(fn, n: int, repeats: int = 5, warmup: int = 1, dtype=np.float32, seed: int = 0,
                   timer=time.perf_counter) -> float:
    """Median GFLOP/s of `fn(a, b)` on seeded random n x n matrices of `dtype` (2*n**3 FLOPs per call).

    `warmup` untimed calls first, then `repeats` timed calls; `timer` returns seconds (injectable for tests).
    """
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    for _ in range(warmup):
        fn(a, b)
    elapsed = []
    for _ in range(repeats):
        start = timer()
        fn(a, b)
        elapsed.append(timer() - start)
    return float(2 * n**3 / np.median(elapsed) / 1e9)
