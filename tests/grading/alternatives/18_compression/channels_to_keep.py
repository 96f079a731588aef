# Alternative: pure-Python ranking with sorted() on (score, index) keys, np.linalg.norm for L2, a list comprehension.
### BEGIN SOLUTION
fraction = check_fraction(fraction, "fraction", "channels_to_keep")
if norm not in ("l1", "l2"):
    raise ValueError(f"channels_to_keep: norm must be 'l1' or 'l2', got {norm!r}")
weight = np.asarray(weight)
ndim = weight.ndim
if ndim == 0 or type(axis) is bool or not isinstance(axis, (int, np.integer)) or not (-ndim <= axis < ndim):
    raise ValueError(f"channels_to_keep: axis {axis!r} is not an axis of a {ndim}-D weight")
count = weight.shape[axis]
scores = []
for c in range(count):
    channel = np.take(weight, c, axis=axis).astype(np.float64).ravel()
    scores.append(float(np.abs(channel).sum()) if norm == "l1" else float(np.linalg.norm(channel)))
n_remove = round(fraction * count)
if n_remove >= count:
    raise ValueError(f"channels_to_keep: removing {n_remove} of {count} channels leaves none")
ranked = sorted(range(count), key=lambda c: (scores[c], c))
return np.array(sorted(ranked[n_remove:]), dtype=np.int64)
### END SOLUTION
