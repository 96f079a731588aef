# Alternative: timings in a preallocated array, the median as the 50th percentile, FLOPs divided in another order.
### BEGIN SOLUTION
if min(n, repeats) <= 0:
    raise ValueError(f"measure_gflops needs n >= 1 and repeats >= 1, got n={n}, repeats={repeats}")
rng = np.random.default_rng(seed)
a, b = (rng.standard_normal((n, n)).astype(dtype) for _ in range(2))
for _ in range(warmup):
    fn(a, b)
seconds = np.empty(repeats)
for r in range(repeats):
    t0 = timer()
    fn(a, b)
    seconds[r] = timer() - t0
return float((2.0 * n ** 3 / 1e9) / np.percentile(seconds, 50))
### END SOLUTION
