# Alternative: self.rows cleared in place (del self.rows[:]) before each run fills it again; the verdict tests the
# distance of the interval from 1 (`1 - ci_high > tol`, equal away from float ties); names kept as a tuple.
### BEGIN SOLUTION
self.samples = self.timer.interleave([fn for _, fn, _ in self.variants])
del self.rows[:]
for j, (name, _, metrics) in enumerate(self.variants):
    column = self.samples[:, j]
    stats = self.timer._summarize(column)
    self.rows.append({"variant": name, "median_ms": stats.median / 1e6, "iqr_ms": stats.iqr / 1e6,
                      "speedup": self.timer._summarize(self.samples[:, 0] / column), **metrics})
return self.rows
### END SOLUTION
### BEGIN SOLUTION
t0, ta, tb, tab = (samples[:, j] for j in range(4))
s_a = self.timer._summarize(t0 / ta)
s_b = self.timer._summarize(t0 / tb)
s_ab = self.timer._summarize(t0 / tab)
c = self.timer._summarize(ta * tb / (t0 * tab))
if 1 - c.ci_high > self.tolerance:
    verdict = "sub-multiplicative"
elif c.ci_low - 1 > self.tolerance:
    verdict = "super-multiplicative"
else:
    verdict = "multiplicative"
return Interaction((names[0], names[1]), s_a, s_b, s_ab, s_a.median * s_b.median, c, verdict)
### END SOLUTION
