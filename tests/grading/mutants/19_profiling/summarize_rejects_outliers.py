"summarize drops samples more than 3 IQR above q3 before taking the median and the bootstrap: outlier rejection changes every statistic (spec: median/quartiles/bootstrap of all of x)."
REPLACES = "summarize"
FAILS = ['test_summarize']


def summarize(samples, n_boot: int = 1000, seed: int = 0, confidence: float = 0.95) -> Stats:
    x = np.asarray(samples, dtype=np.float64).ravel()
    if x.size == 0:
        raise ValueError("summarize needs at least one sample, got an empty sequence")
    if not np.isfinite(x).all():
        raise ValueError(f"summarize needs finite samples, got {int((~np.isfinite(x)).sum())} inf/nan value(s)")
    if int(n_boot) < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    q1, q3 = np.percentile(x, [25, 75])
    kept = x[x <= q3 + 3 * (q3 - q1)]   # BUG: outlier rejection
    median = float(np.median(kept))
    q1, q3 = (float(q) for q in np.percentile(kept, [25, 75]))
    rng = np.random.default_rng(seed)
    medians = np.median(kept[rng.integers(0, kept.size, size=(int(n_boot), kept.size))], axis=1)
    tail = 100 * (1 - confidence) / 2
    ci_low, ci_high = (float(v) for v in np.percentile(medians, [tail, 100 - tail]))
    return Stats(median, q1, q3, q3 - q1, ci_low, ci_high, int(x.size), x)
