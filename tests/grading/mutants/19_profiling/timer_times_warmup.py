"The warm-up calls are timed as well (and no extra untimed calls are made)."
REPLACES = "Timer"
FAILS = ['test_timer']


def interleave(self, fns) -> np.ndarray:
    "Round-robin timing of `fns`: warm-up rounds, then `repeats` timed rounds. Returns float64 (repeats, len(fns)) ns."
    fns = list(fns)
    if not fns or not all(callable(fn) for fn in fns):
        raise TypeError(f"interleave needs a non-empty list of callables, got {fns!r}")
    # BUG: no untimed warm-up rounds before the timed ones
    samples = np.empty((self.repeats, len(fns)), dtype=np.float64)
    for r in range(self.repeats):
        for j, fn in enumerate(fns):
            start = self.clock()
            fn()
            samples[r, j] = self.clock() - start
    return samples


Timer.interleave = interleave
