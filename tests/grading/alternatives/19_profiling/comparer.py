# Alternative: columns zipped with the variants, the composition as s_AB / (s_A s_B) per round, a conditional-expression verdict.
# ns -> ms as `* 1e-6` (one rounding step off `/ 1e6`: the tests compare median_ms with a relative tolerance of 1e-12).
### BEGIN SOLUTION
self.samples = self.timer.interleave([variant[1] for variant in self.variants])
rows = []
for column, (name, _, metrics) in zip(self.samples.T, self.variants):
    stats = self.timer._summarize(column)
    row = dict(variant=name, median_ms=stats.median * 1e-6, iqr_ms=stats.iqr * 1e-6,
               speedup=self.timer._summarize(self.samples[:, 0] / column))
    row.update(metrics)
    rows.append(row)
self.rows = rows
return rows
### END SOLUTION
### BEGIN SOLUTION
base, t_a, t_b, t_both = (samples[:, i] for i in range(4))
s_a, s_b, s_ab = (self.timer._summarize(base / t) for t in (t_a, t_b, t_both))
composition = self.timer._summarize((base / t_both) / ((base / t_a) * (base / t_b)))
tol = self.tolerance
verdict = ("sub-multiplicative" if composition.ci_high < 1 - tol else
           "super-multiplicative" if composition.ci_low > 1 + tol else "multiplicative")
return Interaction(tuple(names), s_a, s_b, s_ab, s_a.median * s_b.median, composition, verdict)
### END SOLUTION
