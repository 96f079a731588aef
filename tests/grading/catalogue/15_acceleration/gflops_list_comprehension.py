# CELL: measure_gflops
# EXPECT: correct
# WHY: same steps with a helper and a list comprehension for the timed repeats; identical timer calls and formula
#| export
def measure_gflops(fn, n: int, repeats: int = 5, warmup: int = 1, dtype=np.float32, seed: int = 0,
                   timer=time.perf_counter) -> float:
    """Median GFLOP/s of `fn(a, b)` on seeded random n x n matrices of `dtype` (2*n**3 FLOPs per call).

    `warmup` untimed calls first, then `repeats` timed calls; `timer` returns seconds (injectable for tests).
    """
    if n < 1 or repeats < 1:
        raise ValueError(f"n and repeats must be >= 1, got n={n}, repeats={repeats}")
    rng = np.random.default_rng(seed)
    a, b = (rng.standard_normal((n, n)).astype(dtype) for _ in range(2))
    for _ in range(warmup):
        fn(a, b)

    def one():
        t0 = timer()
        fn(a, b)
        return timer() - t0

    times = [one() for _ in range(repeats)]
    return float(2 * n**3 / np.median(times) / 1e9)
