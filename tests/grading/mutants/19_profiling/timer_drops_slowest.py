"Timer.measure throws away the slowest sample as an 'outlier' before summarising: a trimmed statistic, not the median of all timed calls (spec: measure -> Stats of fn's samples, a one-function interleave)."
REPLACES = "Timer"
FAILS = ['test_timer']


def measure(self, fn) -> Stats:
    samples = np.sort(self.interleave([fn])[:, 0])
    return self._summarize_ms(samples[:-1] if samples.size > 1 else samples)   # BUG


Timer.measure = measure
