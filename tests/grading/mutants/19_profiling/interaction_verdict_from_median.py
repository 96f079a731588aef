"The interaction verdict compares the composition's MEDIAN with 1 ± tol, ignoring its uncertainty: noisy rounds get a confident verdict (spec: sub if c.ci_high < 1 - tol, super if c.ci_low > 1 + tol)."
REPLACES = "InteractionAnalyzer"
FAILS = ['test_comparer']


def from_samples(self, samples, names=("A", "B")) -> Interaction:
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim != 2 or samples.shape[1] != 4:
        raise ValueError(f"samples must have shape (rounds, 4) for baseline, a, b, both; got {samples.shape}")
    t0, ta, tb, tab = samples.T
    s_a, s_b, s_ab = (self.timer._summarize(t0 / t) for t in (ta, tb, tab))
    composition = self.timer._summarize((ta * tb) / (t0 * tab))
    if composition.median < 1 - self.tolerance:   # BUG
        verdict = "sub-multiplicative"
    elif composition.median > 1 + self.tolerance:   # BUG
        verdict = "super-multiplicative"
    else:
        verdict = "multiplicative"
    return Interaction(tuple(names), s_a, s_b, s_ab, s_a.median * s_b.median, composition, verdict)


InteractionAnalyzer.from_samples = from_samples
