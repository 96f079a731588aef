"compare reports median(t_a) / median(t_b) instead of the median of the per-round ratios."
REPLACES = "Timer"
FAILS = ['test_timer']


def compare(self, a, b) -> Comparison:
    "Time a and b alternately (A B A B ...) in one run; ratio = Stats of the per-round t_a / t_b."
    samples = self.interleave([a, b])
    return Comparison(a=self._summarize_ms(samples[:, 0]), b=self._summarize_ms(samples[:, 1]),
                      ratio=self._summarize(np.full(len(samples), np.median(samples[:, 0]) / np.median(samples[:, 1]))))   # BUG


Timer.compare = compare
