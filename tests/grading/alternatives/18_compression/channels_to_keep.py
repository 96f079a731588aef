# The reference solution of channels_to_keep (the body between the solution markers).
### BEGIN SOLUTION
fraction = check_fraction(fraction, "fraction", "channels_to_keep")
if norm not in ("l1", "l2"):
    raise ValueError(f"channels_to_keep: norm must be 'l1' or 'l2', got {norm!r}")
weight = np.asarray(weight)
if weight.ndim == 0 or isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) \
        or not -weight.ndim <= axis < weight.ndim:
    raise ValueError(f"channels_to_keep: axis must be an int in [-{weight.ndim}, {weight.ndim}), got {axis!r}")
w = np.moveaxis(weight, axis, 0).reshape(weight.shape[axis], -1).astype(np.float64)
scores = np.abs(w).sum(axis=1) if norm == "l1" else np.sqrt((w ** 2).sum(axis=1))
n_remove = round(fraction * len(scores))
if n_remove >= len(scores):
    raise ValueError(f"channels_to_keep: fraction {fraction} would remove all {len(scores)} channels")
return np.sort(np.argsort(scores, kind="stable")[n_remove:]).astype(np.int64)
### END SOLUTION
