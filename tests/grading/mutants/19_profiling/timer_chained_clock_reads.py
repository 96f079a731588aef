"""Timer.interleave reads the clock once per call (the end of one call is the start of the next), so its own loop
bookkeeping is timed too; the spec times each call as `start = clock(); fn(); clock() - start`. On a fake clock the
samples are identical, so only the number of clock reads gives it away."""
REPLACES = "Timer"
FAILS = ['test_timer']


def interleave(self, fns) -> np.ndarray:
    "Round-robin timing of `fns`: warm-up rounds, then `repeats` timed rounds. Returns float64 (repeats, len(fns)) ns."
    fns = list(fns)
    if not fns or not all(callable(fn) for fn in fns):
        raise TypeError(f"interleave needs a non-empty list of callables, got {fns!r}")
    for _ in range(self.warmup):
        for fn in fns:
            fn()
    samples = np.empty((self.repeats, len(fns)), dtype=np.float64)
    last = self.clock()
    for r in range(self.repeats):
        for j, fn in enumerate(fns):
            fn()
            now = self.clock()                 # BUG: one read per call; the loop between calls is timed too
            samples[r, j] = now - last
            last = now
    return samples


Timer.interleave = interleave
