"""measure_gflops draws the matrices directly in `dtype` (standard_normal(..., dtype=dtype)): same for float64, but
float32 draws are other numbers than float64 draws cast to float32. The spec: standard_normal((n, n)).astype(dtype)."""
REPLACES = "measure_gflops"
FAILS = ["test_measure_gflops"]


def measure_gflops(fn, n, repeats=5, warmup=1, dtype=np.float32, seed=0, timer=time.perf_counter):
    if n < 1 or repeats < 1:
        raise ValueError(f"measure_gflops needs n >= 1 and repeats >= 1, got n={n}, repeats={repeats}")
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n), dtype=dtype)            # BUG: float32 draws differ from float64 ones cast
    b = rng.standard_normal((n, n), dtype=dtype)
    for _ in range(warmup):
        fn(a, b)
    elapsed = []
    for _ in range(repeats):
        start = timer()
        fn(a, b)
        elapsed.append(timer() - start)
    return float(2 * n**3 / np.median(elapsed) / 1e9)
