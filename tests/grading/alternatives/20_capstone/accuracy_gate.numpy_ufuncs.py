# Alternative: NumPy throughout — np.isfinite / np.isnan validation and np.greater_equal(quality, fraction * baseline)
# on float64 scalars (the same IEEE product and comparison as the spec's expression, so the same answer at the
# threshold and one float step below it); the result converted to a Python bool.
### BEGIN SOLUTION
b = np.float64(baseline) if isinstance(baseline, (int, float, np.number)) and not isinstance(baseline, bool) else None
if b is None or not np.isfinite(b) or b <= 0:
    raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
f = np.float64(fraction) if isinstance(fraction, (int, float, np.number)) and not isinstance(fraction, bool) else None
if f is None or np.isnan(f) or not (f > 0) or f > 1:
    raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
return bool(np.greater_equal(np.float64(quality), np.multiply(f, b)))
### END SOLUTION
