"analyze uses the module's SELF FLOPs: a container's arithmetic (its children's) is dropped from flops and intensity (spec: the module's inclusive `flops`)."
REPLACES = "BottleneckAnalyzer"
FAILS = ['test_bottleneck']


def analyze(self, k: int = 5) -> list:
    rows = []
    for s in self.top_k(k):
        moved = self.bytes_moved(s)
        flops = s.self_flops   # BUG
        intensity = arithmetic_intensity(flops, moved) if moved > 0 else 0.0
        rows.append({"name": s.name or "(model)", "kind": s.kind, "self_ms": s.self_ns / 1e6, "flops": flops,
                     "bytes": moved, "intensity": intensity,
                     "attained_gflops": flops / s.inclusive_ns if s.inclusive_ns else 0.0,
                     "roof_gflops": self.roof_gflops(intensity), "verdict": self.verdict(intensity)})
    return rows


BottleneckAnalyzer.analyze = analyze
