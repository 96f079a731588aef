"analyze divides the module's inclusive FLOPs by its SELF time: a container's attained GFLOP/s is inflated (spec: attained GFLOP/s = flops / inclusive_ns)."
REPLACES = "BottleneckAnalyzer"
FAILS = ['test_bottleneck']


def analyze(self, k: int = 5) -> list:
    rows = []
    for s in self.top_k(k):
        moved = self.bytes_moved(s)
        intensity = arithmetic_intensity(s.flops, moved) if moved > 0 else 0.0
        rows.append({"name": s.name or "(model)", "kind": s.kind, "self_ms": s.self_ns / 1e6, "flops": s.flops,
                     "bytes": moved, "intensity": intensity,
                     "attained_gflops": s.flops / s.self_ns if s.self_ns else 0.0,   # BUG
                     "roof_gflops": self.roof_gflops(intensity), "verdict": self.verdict(intensity)})
    return rows


BottleneckAnalyzer.analyze = analyze
