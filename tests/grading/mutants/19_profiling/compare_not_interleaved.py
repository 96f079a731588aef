"compare times all of a's repeats, then all of b's: drift between the two runs is not cancelled."
REPLACES = "Timer"
FAILS = ['test_timer']


def compare(self, a, b) -> Comparison:
    "Time a and b alternately (A B A B ...) in one run; ratio = Stats of the per-round t_a / t_b."
    samples = np.concatenate([self.interleave([a]), self.interleave([b])], axis=1)   # BUG
    return Comparison(a=self._summarize_ms(samples[:, 0]), b=self._summarize_ms(samples[:, 1]),
                      ratio=self._summarize(samples[:, 0] / samples[:, 1]))


Timer.compare = compare
