"run() appends to self.rows without clearing it: a second run() returns the first run's rows too (spec: the rows of the last run, one per variant)."
REPLACES = "OptimizationComparer"
FAILS = ['test_comparer']


def run(self) -> list:
    if not self.variants:
        raise RuntimeError("add at least one variant (the baseline) before run()")
    samples = self.samples = self.timer.interleave([fn for _, fn, _ in self.variants])
    baseline = samples[:, 0]
    # BUG: missing self.rows = []
    for j, (name, _, metrics) in enumerate(self.variants):
        t = self.timer._summarize(samples[:, j])
        self.rows.append({"variant": name, "median_ms": t.median / 1e6, "iqr_ms": t.iqr / 1e6,
                          "speedup": self.timer._summarize(baseline / samples[:, j]), **metrics})
    return self.rows


OptimizationComparer.run = run
