# CELL: timer
# EXPECT: wrong
# WHY: measure times `repeats` calls directly without the warm-up calls
#| export
@dataclasses.dataclass(eq=False)
class Comparison:
    "Result of `Timer.compare(a, b)`: timings of a and b (ms) and the per-round ratio t_a / t_b (b's speedup)."
    a: Stats
    b: Stats
    ratio: Stats

    def __str__(self) -> str:
        return (f"a: {self.a.format(unit='ms')}  b: {self.b.format(unit='ms')}  "
                f"t_a/t_b: {self.ratio.format(digits=3)}")


class Timer:
    """Time zero-argument callables: `warmup` untimed calls, then `repeats` timed ones, read from `clock` (ns).

    `clock` is any zero-argument callable returning nanoseconds (default `time.perf_counter_ns`); tests pass a fake
    one. `n_boot` and `seed` are passed to `summarize`.
    """

    def __init__(self, warmup: int = 2, repeats: int = 21, clock=time.perf_counter_ns, n_boot: int = 1000,
                 seed: int = 0):
        if int(warmup) < 0 or int(repeats) < 1:
            raise ValueError(f"Timer needs warmup >= 0 and repeats >= 1, got warmup={warmup}, repeats={repeats}")
        if not callable(clock):
            raise TypeError(f"clock must be a callable returning nanoseconds, got {type(clock).__name__}")
        self.warmup, self.repeats, self.clock = int(warmup), int(repeats), clock
        self.n_boot, self.seed = int(n_boot), seed

    def _summarize(self, samples) -> Stats:
        "`Stats` of `samples` (any unit) with this timer's n_boot and seed."
        return summarize(samples, n_boot=self.n_boot, seed=self.seed)

    def _summarize_ms(self, ticks) -> Stats:
        "`Stats` in milliseconds of clock ticks in nanoseconds."
        return self._summarize(np.asarray(ticks, dtype=np.float64) / 1e6)

    def interleave(self, fns) -> np.ndarray:
        "Round-robin timing of `fns`: warm-up rounds, then `repeats` timed ones; float64 ns (repeats, len(fns))."
        fns = list(fns)
        if not fns or not all(callable(fn) for fn in fns):
            raise TypeError(f"interleave needs a non-empty list of callables, got {fns!r}")
        for _ in range(self.warmup):
            for fn in fns:
                fn()
        samples = np.empty((self.repeats, len(fns)), dtype=np.float64)
        for r in range(self.repeats):
            for j, fn in enumerate(fns):
                start = self.clock()
                fn()
                samples[r, j] = self.clock() - start
        return samples

    def measure(self, fn) -> Stats:
        "`Stats` (ns) of `repeats` timed calls of `fn()` after `warmup` untimed ones."
        times = []
        for _ in range(self.repeats):
            start = self.clock()
            fn()
            times.append(self.clock() - start)
        return self._summarize_ms(times)

    def compare(self, a, b) -> Comparison:
        "Time a and b alternately (A B A B ...) in one run; ratio = Stats of the per-round t_a / t_b."
        samples = self.interleave([a, b])
        return Comparison(a=self._summarize_ms(samples[:, 0]), b=self._summarize_ms(samples[:, 1]),
                          ratio=self._summarize(samples[:, 0] / samples[:, 1]))
