# Alternative: columns zipped with the variants, the composition as s_AB / (s_A s_B) per round, a conditional-expression verdict.
# (ns -> ms stays `/ 1e6`: the visible test compares median_ms to 25e-6 exactly, and `* 1e-6` is one ulp off.)
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
        ### BEGIN SOLUTION
        self.samples = self.timer.interleave([variant[1] for variant in self.variants])
        rows = []
        for column, (name, _, metrics) in zip(self.samples.T, self.variants):
            stats = self.timer._summarize(column)
            row = dict(variant=name, median_ms=stats.median / 1e6, iqr_ms=stats.iqr / 1e6,
                       speedup=self.timer._summarize(self.samples[:, 0] / column))
            row.update(metrics)
            rows.append(row)
        self.rows = rows
        return rows
        ### END SOLUTION

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
        ### BEGIN SOLUTION
        base, t_a, t_b, t_both = (samples[:, i] for i in range(4))
        s_a, s_b, s_ab = (self.timer._summarize(base / t) for t in (t_a, t_b, t_both))
        composition = self.timer._summarize((base / t_both) / ((base / t_a) * (base / t_b)))
        tol = self.tolerance
        verdict = ("sub-multiplicative" if composition.ci_high < 1 - tol else
                   "super-multiplicative" if composition.ci_low > 1 + tol else "multiplicative")
        return Interaction(tuple(names), s_a, s_b, s_ab, s_a.median * s_b.median, composition, verdict)
        ### END SOLUTION
