# Alternative: sums over every other axis with a tuple of axes (no moveaxis), ranks with lexsort (score, then index)
# and returns the kept indices through a boolean mask (ascending by construction); np.linalg.norm for L2.
### BEGIN SOLUTION
fraction = check_fraction(fraction, "fraction", "channels_to_keep")
if norm not in ("l1", "l2"):
    raise ValueError(f"channels_to_keep: unknown norm {norm!r}; use 'l1' or 'l2'")
weight = np.asarray(weight)
if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool) or weight.ndim == 0 \
        or axis >= weight.ndim or axis < -weight.ndim:
    raise ValueError(f"channels_to_keep: bad axis {axis!r} for shape {weight.shape}")
axis = axis % weight.ndim
others = tuple(a for a in range(weight.ndim) if a != axis)
w64 = weight.astype(np.float64)
if norm == "l1":
    scores = np.abs(w64).sum(axis=others) if others else np.abs(w64)
else:
    scores = np.sqrt(np.square(w64).sum(axis=others)) if others else np.abs(w64)
channels = weight.shape[axis]
n = round(fraction * channels)
if n >= channels:
    raise ValueError(f"channels_to_keep: removing {n} of {channels} channels leaves none")
order = np.lexsort((np.arange(channels), scores))        # by score, ties by index
mask = np.ones(channels, dtype=bool)
mask[order[:n]] = False
return np.flatnonzero(mask).astype(np.int64)
### END SOLUTION
