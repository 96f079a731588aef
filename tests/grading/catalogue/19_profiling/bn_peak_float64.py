# CELL: bottleneck
# EXPECT: wrong
# WHY: peak measured with float64 matrices (standard_normal default): spec says float32 (BLAS float32 peak)
#| export
def measure_peak_gflops(n: int = 512, timer: Timer = None) -> float:
    "Measured matmul peak of this machine (GFLOP/s): 2n³ FLOPs of an n×n float32 BLAS matmul / median seconds."
    timer = timer or Timer(warmup=1, repeats=7)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n))
    b = rng.standard_normal((n, n))
    seconds = timer.measure(lambda: np.matmul(a, b)).median / 1e3
    return 2 * n ** 3 / seconds / 1e9


def measure_bandwidth_gbs(n_bytes: int = 64 * 2**20, timer: Timer = None) -> float:
    "Measured memory bandwidth (GB/s): copying n_bytes reads and writes n_bytes; 2·n_bytes / median seconds."
    timer = timer or Timer(warmup=1, repeats=7)
    src = np.ones(n_bytes // 4, dtype=np.float32)
    dst = np.empty_like(src)
    seconds = timer.measure(lambda: np.copyto(dst, src)).median / 1e3
    return 2 * src.nbytes / seconds / 1e9


def arithmetic_intensity(flops, bytes_moved) -> float:
    "FLOPs per byte moved (FLOP/byte)."
    if not bytes_moved > 0 or flops < 0:
        raise ValueError(f"arithmetic_intensity needs flops >= 0 and bytes_moved > 0, got flops={flops}, "
                         f"bytes_moved={bytes_moved}")
    return float(flops) / float(bytes_moved)


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
        return self.peak_gflops / self.bandwidth_gbs

    def bytes_moved(self, stats: ModuleStats) -> int:
        "Minimum traffic of a module: its inputs and outputs plus its parameters once per call."
        return stats.input_bytes + stats.output_bytes + stats.calls * stats.param_bytes

    def roof_gflops(self, intensity: float) -> float:
        "Attainable GFLOP/s at this intensity: min(peak, intensity · bandwidth)."
        return min(self.peak_gflops, intensity * self.bandwidth_gbs)

    def verdict(self, intensity: float) -> str:
        "'compute-bound' at or above the ridge point, else 'memory-bound'."
        return "compute-bound" if intensity >= self.ridge_point else "memory-bound"

    def top_k(self, k: int = 5) -> list:
        "The k modules with the largest self time."
        return self.result.rows()[:k]

    def analyze(self, k: int = 5) -> list:
        "Per top-k module: dict of name, kind, self_ms, flops, bytes, intensity, attained/roof GFLOP/s, verdict."
        rows = []
        for s in self.top_k(k):
            moved = self.bytes_moved(s)
            intensity = arithmetic_intensity(s.flops, moved) if moved > 0 else 0.0
            rows.append({"name": s.name or "(model)", "kind": s.kind, "self_ms": s.self_ns / 1e6, "flops": s.flops,
                         "bytes": moved, "intensity": intensity,
                         "attained_gflops": s.flops / s.inclusive_ns if s.inclusive_ns else 0.0,
                         "roof_gflops": self.roof_gflops(intensity), "verdict": self.verdict(intensity)})
        return rows
