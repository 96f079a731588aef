# CELL: comparer
# EXPECT: wrong
# WHY: self.rows is not reset in run(): a second run() appends a second set of rows (state not reset)
#| export
class OptimizationComparer:
    "Before/after table: every variant timed in one interleaved run; speedups relative to the first (baseline)."

    def __init__(self, timer: Timer = None):
        self.timer = timer or Timer(warmup=1, repeats=11)
        self.variants = []     # (name, fn, extra columns)
        self.rows = []
        self.samples = None    # float64 ns (repeats, n_variants) of the last run(), columns in `add` order

    def add(self, name: str, fn, **metrics):
        "Add a variant (the first one is the baseline); `metrics` become extra columns. Returns self."
        if not callable(fn):
            raise TypeError(f"variant {name!r} needs a callable, got {type(fn).__name__}")
        self.variants.append((name, fn, metrics))
        return self

    def run(self) -> list:
        """Time all variants interleaved (raw samples kept in `self.samples`); one dict per variant with keys variant,
        median_ms, iqr_ms, speedup (Stats of t_baseline / t_variant per round), then its metrics. Also in `self.rows`."""
        if not self.variants:
            raise RuntimeError("add at least one variant (the baseline) before run()")
        samples = self.samples = self.timer.interleave([fn for _, fn, _ in self.variants])
        baseline = samples[:, 0]
        for j, (name, _, metrics) in enumerate(self.variants):
            t = self.timer._summarize(samples[:, j])
            self.rows.append({"variant": name, "median_ms": t.median / 1e6, "iqr_ms": t.iqr / 1e6,
                              "speedup": self.timer._summarize(baseline / samples[:, j]), **metrics})
        return self.rows

    def table(self) -> str:
        "The rows of the last `run()` as aligned text (speedup as median [95 % CI])."
        return format_table([{**r, "speedup": r["speedup"].format(digits=2) + " x"} for r in self.rows])


@dataclasses.dataclass(eq=False)
class Interaction:
    "How two optimizations compose: speedups (Stats, ratios over the baseline), the predicted product and c."
    names: tuple
    speedup_a: Stats
    speedup_b: Stats
    speedup_both: Stats
    predicted: float
    composition: Stats
    verdict: str

    def __str__(self) -> str:
        a, b = self.names
        return (f"{a}: {self.speedup_a.format(digits=2)}x   {b}: {self.speedup_b.format(digits=2)}x   "
                f"{a}+{b}: {self.speedup_both.format(digits=2)}x   predicted (product): {self.predicted:.2f}x   "
                f"measured/predicted: {self.composition.format(digits=2)} -> {self.verdict}")


class InteractionAnalyzer:
    "Do two optimizations' speedups compose (measured s_AB vs the product s_A·s_B)? All from one interleaved run."

    def __init__(self, timer: Timer = None, tolerance: float = 0.1):
        self.timer = timer or Timer(warmup=1, repeats=11)
        self.tolerance = float(tolerance)

    def analyze(self, baseline, a, b, both, names=("A", "B")) -> Interaction:
        "Time [baseline, a, b, both] interleaved and analyse the samples."
        return self.from_samples(self.timer.interleave([baseline, a, b, both]), names)

    def from_samples(self, samples, names=("A", "B")) -> Interaction:
        "`samples`: (rounds, 4) times of baseline, a, b, both; returns the `Interaction`."
        samples = np.asarray(samples, dtype=np.float64)
        if samples.ndim != 2 or samples.shape[1] != 4:
            raise ValueError(f"samples must have shape (rounds, 4) for baseline, a, b, both; got {samples.shape}")
        t0, ta, tb, tab = samples.T
        s_a, s_b, s_ab = (self.timer._summarize(t0 / t) for t in (ta, tb, tab))
        composition = self.timer._summarize((ta * tb) / (t0 * tab))
        if composition.ci_high < 1 - self.tolerance:
            verdict = "sub-multiplicative"
        elif composition.ci_low > 1 + self.tolerance:
            verdict = "super-multiplicative"
        else:
            verdict = "multiplicative"
        return Interaction(tuple(names), s_a, s_b, s_ab, s_a.median * s_b.median, composition, verdict)
