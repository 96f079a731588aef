"interleave stores the samples in an int64 array: the spec's float64 (repeats, len(fns)) array is not what comes back (spec: `interleave(fns)` -> float64 array)."
REPLACES = "Timer"
FAILS = ['test_timer']


def interleave(self, fns) -> np.ndarray:
    fns = list(fns)
    if not fns or not all(callable(fn) for fn in fns):
        raise TypeError(f"interleave needs a non-empty list of callables, got {fns!r}")
    for _ in range(self.warmup):
        for fn in fns:
            fn()
    samples = np.zeros((self.repeats, len(fns)), dtype=np.int64)   # BUG
    for r in range(self.repeats):
        for j, fn in enumerate(fns):
            start = self.clock()
            fn()
            samples[r, j] = self.clock() - start
    return samples


Timer.interleave = interleave
