# Alternative: validation with `not ... >= 1`, both matrices from one generator in a loop, durations in a list,
# statistics.median, FLOPs as a float computed first.
### BEGIN SOLUTION
import statistics
if not n >= 1 or not repeats >= 1:
    raise ValueError(f"measure_gflops needs n >= 1 and repeats >= 1, got n={n}, repeats={repeats}")
gen = np.random.default_rng(seed)
a, b = [gen.standard_normal((n, n)).astype(dtype) for _ in "ab"]
flops = 2.0 * n * n * n
for _ in range(warmup):
    fn(a, b)
durations = []
for _ in range(repeats):
    t_start = timer()
    fn(a, b)
    t_stop = timer()
    durations.append(t_stop - t_start)
return float(flops / statistics.median(durations) / 1e9)
### END SOLUTION
