# Alternative: rounds collected as Python lists then one float64 array; measure ravels, compare unpacks columns.
### BEGIN SOLUTION
for _ in range(self.warmup):
    for fn in fns:
        fn()
rounds = []
for _ in range(self.repeats):
    times = []
    for fn in fns:
        t0 = self.clock()
        fn()
        t1 = self.clock()
        times.append(t1 - t0)
    rounds.append(times)
return np.array(rounds, dtype=np.float64).reshape(self.repeats, len(fns))
### END SOLUTION
### BEGIN SOLUTION
return self._summarize_ms(self.interleave([fn]).ravel())
### END SOLUTION
### BEGIN SOLUTION
t_a, t_b = self.interleave([a, b]).T
return Comparison(self._summarize_ms(t_a), self._summarize_ms(t_b), self._summarize(t_a / t_b))
### END SOLUTION
