# Alternative: np.quantile for the median, quartiles and bootstrap interval (same seeded resamples).
### BEGIN SOLUTION
q1, median, q3 = (float(v) for v in np.quantile(x, [0.25, 0.5, 0.75]))
draws = np.random.default_rng(seed).integers(0, x.size, size=(int(n_boot), x.size))
boot_medians = np.quantile(x[draws], 0.5, axis=1)
alpha = (1 - confidence) / 2
ci_low, ci_high = (float(v) for v in np.quantile(boot_medians, [alpha, 1 - alpha]))
return Stats(median, q1, q3, q3 - q1, ci_low, ci_high, int(x.size), x)
### END SOLUTION
