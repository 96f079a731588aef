"measure_gflops draws both matrices from separately seeded generators, so a == b (not the specified data)."
REPLACES = "measure_gflops"
FAILS = ["test_measure_gflops"]


def measure_gflops(fn, n, repeats=5, warmup=1, dtype=np.float32, seed=0, timer=time.perf_counter):
    if n < 1 or repeats < 1:
        raise ValueError(f"measure_gflops needs n >= 1 and repeats >= 1, got n={n}, repeats={repeats}")
    a = np.random.default_rng(seed).standard_normal((n, n)).astype(dtype)
    b = np.random.default_rng(seed).standard_normal((n, n)).astype(dtype)   # BUG: b is a copy of a
    for _ in range(warmup):
        fn(a, b)
    elapsed = []
    for _ in range(repeats):
        start = timer()
        fn(a, b)
        elapsed.append(timer() - start)
    return float(2 * n**3 / np.median(elapsed) / 1e9)
