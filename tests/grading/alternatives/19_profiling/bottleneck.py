# Alternative: FLOP per ns as GFLOP/s (the ms median times 1e6), array assignment for the copy, explicit comparisons instead of min().
### BEGIN SOLUTION
if timer is None:
    timer = Timer(warmup=2, repeats=5)
a = np.random.default_rng(1).standard_normal((n, n)).astype(np.float32)
b = np.random.default_rng(2).standard_normal((n, n)).astype(np.float32)
median_ms = timer.measure(lambda: a @ b).median      # Timer reports ms
return 2.0 * n ** 3 / (median_ms * 1e6)             # FLOP per ns = GFLOP/s
### END SOLUTION
### BEGIN SOLUTION
if timer is None:
    timer = Timer(warmup=2, repeats=5)
src = np.full(n_bytes // 4, 1.0, dtype=np.float32)
dst = np.zeros_like(src)

def copy():
    dst[:] = src

return 2.0 * src.nbytes / (timer.measure(copy).median * 1e6)     # bytes per ns = GB/s
### END SOLUTION
### BEGIN SOLUTION
ratio = float(flops) / float(bytes_moved) if bytes_moved > 0 else None
if ratio is None or flops < 0:
    raise ValueError(f"arithmetic_intensity needs flops >= 0 and bytes_moved > 0, got flops={flops}, "
                     f"bytes_moved={bytes_moved}")
return ratio
### END SOLUTION
### BEGIN SOLUTION
return float(self.peak_gflops) / float(self.bandwidth_gbs)
### END SOLUTION
### BEGIN SOLUTION
return sum((stats.input_bytes, stats.output_bytes, stats.param_bytes * stats.calls))
### END SOLUTION
### BEGIN SOLUTION
memory_roof = intensity * self.bandwidth_gbs
return memory_roof if memory_roof < self.peak_gflops else self.peak_gflops
### END SOLUTION
### BEGIN SOLUTION
return "memory-bound" if intensity < self.ridge_point else "compute-bound"
### END SOLUTION
### BEGIN SOLUTION
return [s for i, s in enumerate(self.result.rows()) if i < k]
### END SOLUTION
### BEGIN SOLUTION
out = []
for s in self.top_k(k):
    moved = self.bytes_moved(s)
    intensity = 0.0 if moved <= 0 else arithmetic_intensity(s.flops, moved)
    attained = s.flops / s.inclusive_ns if s.inclusive_ns else 0.0
    out.append(dict(name=s.name if s.name else "(model)", kind=s.kind, self_ms=s.self_ns * 1e-6, flops=s.flops,
                    bytes=moved, intensity=intensity, attained_gflops=attained,
                    roof_gflops=self.roof_gflops(intensity), verdict=self.verdict(intensity)))
return out
### END SOLUTION
