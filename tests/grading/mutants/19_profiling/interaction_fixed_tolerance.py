"The interaction verdict uses a hard-coded tolerance of 0.1 instead of the analyzer's `tolerance` (spec: within a tolerance `tol`, the constructor's argument)."
REPLACES = "InteractionAnalyzer"
FAILS = ['test_comparer']


def from_samples(self, samples, names=("A", "B")) -> Interaction:
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim != 2 or samples.shape[1] != 4:
        raise ValueError(f"samples must have shape (rounds, 4) for baseline, a, b, both; got {samples.shape}")
    t0, ta, tb, tab = samples.T
    s_a, s_b, s_ab = (self.timer._summarize(t0 / t) for t in (ta, tb, tab))
    composition = self.timer._summarize((ta * tb) / (t0 * tab))
    if composition.ci_high < 1 - 0.1:   # BUG
        verdict = "sub-multiplicative"
    elif composition.ci_low > 1 + 0.1:   # BUG
        verdict = "super-multiplicative"
    else:
        verdict = "multiplicative"
    return Interaction(tuple(names), s_a, s_b, s_ab, s_a.median * s_b.median, composition, verdict)


InteractionAnalyzer.from_samples = from_samples
