# Alternative: FLOP per ns as GFLOP/s, array assignment for the copy, explicit comparisons instead of min().
#| export
def measure_peak_gflops(n: int = 512, timer: Timer = None) -> float:
    "Measured matmul peak of this machine (GFLOP/s): 2n³ FLOPs of an n×n float32 BLAS matmul / median seconds."
    ### BEGIN SOLUTION
    if timer is None:
        timer = Timer(warmup=2, repeats=5)
    a = np.random.default_rng(1).standard_normal((n, n)).astype(np.float32)
    b = np.random.default_rng(2).standard_normal((n, n)).astype(np.float32)
    median_ns = timer.measure(lambda: a @ b).median
    return 2.0 * n ** 3 / median_ns             # FLOP per ns = GFLOP/s
    ### END SOLUTION


def measure_bandwidth_gbs(n_bytes: int = 64 * 2**20, timer: Timer = None) -> float:
    "Measured memory bandwidth (GB/s): copying n_bytes reads and writes n_bytes; 2·n_bytes / median seconds."
    ### BEGIN SOLUTION
    if timer is None:
        timer = Timer(warmup=2, repeats=5)
    src = np.full(n_bytes // 4, 1.0, dtype=np.float32)
    dst = np.zeros_like(src)

    def copy():
        dst[:] = src

    return 2.0 * src.nbytes / timer.measure(copy).median     # bytes per ns = GB/s
    ### END SOLUTION


def arithmetic_intensity(flops, bytes_moved) -> float:
    "FLOPs per byte moved (FLOP/byte)."
    ### BEGIN SOLUTION
    ratio = float(flops) / float(bytes_moved) if bytes_moved > 0 else None
    if ratio is None or flops < 0:
        raise ValueError(f"arithmetic_intensity needs flops >= 0 and bytes_moved > 0, got flops={flops}, "
                         f"bytes_moved={bytes_moved}")
    return ratio
    ### END SOLUTION


class BottleneckAnalyzer:
    """Top modules of a `ProfileResult` placed on this machine's roofline.

    peak_gflops, bandwidth_gbs: measured with `measure_peak_gflops()` / `measure_bandwidth_gbs()` unless given.
    """

    def __init__(self, result: ProfileResult, peak_gflops: float = None, bandwidth_gbs: float = None):
        self.result = result
        self.peak_gflops = float(peak_gflops) if peak_gflops is not None else measure_peak_gflops()
        self.bandwidth_gbs = float(bandwidth_gbs) if bandwidth_gbs is not None else measure_bandwidth_gbs()

    @property
    def ridge_point(self) -> float:
        "Intensity (FLOP/byte) where the memory roof meets the compute roof."
        ### BEGIN SOLUTION
        return float(self.peak_gflops) / float(self.bandwidth_gbs)
        ### END SOLUTION

    def bytes_moved(self, stats: ModuleStats) -> int:
        "Minimum traffic of a module: its inputs and outputs plus its parameters once per call."
        ### BEGIN SOLUTION
        return sum((stats.input_bytes, stats.output_bytes, stats.param_bytes * stats.calls))
        ### END SOLUTION

    def roof_gflops(self, intensity: float) -> float:
        "Attainable GFLOP/s at this intensity: min(peak, intensity · bandwidth)."
        ### BEGIN SOLUTION
        memory_roof = intensity * self.bandwidth_gbs
        return memory_roof if memory_roof < self.peak_gflops else self.peak_gflops
        ### END SOLUTION

    def verdict(self, intensity: float) -> str:
        "'compute-bound' at or above the ridge point, else 'memory-bound'."
        ### BEGIN SOLUTION
        return "memory-bound" if intensity < self.ridge_point else "compute-bound"
        ### END SOLUTION

    def top_k(self, k: int = 5) -> list:
        "The k modules with the largest self time."
        ### BEGIN SOLUTION
        return [s for i, s in enumerate(self.result.rows()) if i < k]
        ### END SOLUTION

    def analyze(self, k: int = 5) -> list:
        "Per top-k module: dict of name, kind, self_ms, flops, bytes, intensity, attained/roof GFLOP/s, verdict."
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
