"The comparer times each variant in its own run (all of baseline, then all of the next ...): drift is not cancelled."
REPLACES = "OptimizationComparer"
FAILS = ['test_comparer']


def run(self) -> list:
    if not self.variants:
        raise RuntimeError("add at least one variant (the baseline) before run()")
    samples = self.samples = np.concatenate([self.timer.interleave([fn]) for _, fn, _ in self.variants],
                                            axis=1)   # BUG: one separate run per variant
    baseline = samples[:, 0]
    self.rows = []
    for j, (name, _, metrics) in enumerate(self.variants):
        t = self.timer._summarize(samples[:, j])
        self.rows.append({"variant": name, "median_ms": t.median / 1e6, "iqr_ms": t.iqr / 1e6,
                          "speedup": self.timer._summarize(baseline / samples[:, j]), **metrics})
    return self.rows


OptimizationComparer.run = run
