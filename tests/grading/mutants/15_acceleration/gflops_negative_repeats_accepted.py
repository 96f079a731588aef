"""measure_gflops rejects only n == 0 and repeats == 0: repeats=-2 times nothing and returns nan. The spec:
n < 1 or repeats < 1 -> ValueError."""
REPLACES = "measure_gflops"
FAILS = ["test_measure_gflops"]


def measure_gflops(fn, n, repeats=5, warmup=1, dtype=np.float32, seed=0, timer=time.perf_counter):
    if n == 0 or repeats == 0:                              # BUG: negative values pass
        raise ValueError(f"measure_gflops needs n >= 1 and repeats >= 1, got n={n}, repeats={repeats}")
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
