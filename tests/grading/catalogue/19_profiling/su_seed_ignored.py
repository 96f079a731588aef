# CELL: summarize
# EXPECT: wrong
# WHY: rng = default_rng(0) whatever `seed` is: different seeds give the same interval
#| export
def summarize(samples, n_boot: int = 1000, seed: int = 0, confidence: float = 0.95) -> Stats:
    """Median, quartiles, IQR and a seeded bootstrap confidence interval of the median of 1-D finite `samples`.

    Bootstrap: `rng = np.random.default_rng(seed)`, `n_boot` resamples `x[rng.integers(0, n, size=(n_boot, n))]`,
    their medians' percentiles [a, 100 - a] with a = 100 (1 - confidence) / 2. Returns a `Stats` (float64 samples).
    """
    x = np.asarray(samples, dtype=np.float64).ravel()
    if x.size == 0:
        raise ValueError("summarize needs at least one sample, got an empty sequence")
    if not np.isfinite(x).all():
        raise ValueError(f"summarize needs finite samples, got {int((~np.isfinite(x)).sum())} inf/nan value(s)")
    if int(n_boot) < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    median = float(np.median(x))
    q1, q3 = (float(q) for q in np.percentile(x, [25, 75]))
    rng = np.random.default_rng(0)
    resamples = x[rng.integers(0, x.size, size=(int(n_boot), x.size))]  # each row: n draws with replacement
    medians = np.median(resamples, axis=1)
    tail = 100 * (1 - confidence) / 2
    ci_low, ci_high = (float(v) for v in np.percentile(medians, [tail, 100 - tail]))
    return Stats(median, q1, q3, q3 - q1, ci_low, ci_high, int(x.size), x)
