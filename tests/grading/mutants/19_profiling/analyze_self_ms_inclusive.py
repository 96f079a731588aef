"analyze reports the inclusive time as self_ms: a container shows its children's time as its own (spec: self_ms is the module's self time)."
REPLACES = "BottleneckAnalyzer"
FAILS = ['test_bottleneck']


def analyze(self, k: int = 5) -> list:
    rows = []
    for s in self.top_k(k):
        moved = self.bytes_moved(s)
        intensity = arithmetic_intensity(s.flops, moved) if moved > 0 else 0.0
        rows.append({"name": s.name or "(model)", "kind": s.kind, "self_ms": s.inclusive_ns / 1e6,   # BUG
                     "flops": s.flops, "bytes": moved, "intensity": intensity,
                     "attained_gflops": s.flops / s.inclusive_ns if s.inclusive_ns else 0.0,
                     "roof_gflops": self.roof_gflops(intensity), "verdict": self.verdict(intensity)})
    return rows


BottleneckAnalyzer.analyze = analyze
