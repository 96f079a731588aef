"""measure_gflops reads the stop time before calling fn, so the timed interval does not contain the call. The spec:
`start = timer()`, `fn(a, b)`, `elapsed = timer() - start` (a clock that only advances while fn runs sees 0 s)."""
REPLACES = "measure_gflops"
FAILS = ["test_measure_gflops"]


def measure_gflops(fn, n, repeats=5, warmup=1, dtype=np.float32, seed=0, timer=time.perf_counter):
    if n < 1 or repeats < 1:
        raise ValueError(f"measure_gflops needs n >= 1 and repeats >= 1, got n={n}, repeats={repeats}")
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    for _ in range(warmup):
        fn(a, b)
    elapsed = []
    for _ in range(repeats):
        start = timer()
        elapsed.append(timer() - start)                     # BUG: stopped before the call
        fn(a, b)
    return float(2 * n**3 / np.median(elapsed) / 1e9)
