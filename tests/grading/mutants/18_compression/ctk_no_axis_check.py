"channels_to_keep does not validate axis: a bad axis falls back to axis 0 instead of raising ValueError."
REPLACES = "channels_to_keep"
FAILS = ["test_channels_to_keep"]


def channels_to_keep(weight, fraction, norm="l1", axis=0):
    fraction = check_fraction(fraction, "fraction", "channels_to_keep")
    if norm not in ("l1", "l2"):
        raise ValueError("bad norm")
    weight = np.asarray(weight)
    try:
        w = np.moveaxis(weight, axis, 0).reshape(weight.shape[axis], -1).astype(np.float64)
    except Exception:
        w = weight.reshape(weight.shape[0], -1).astype(np.float64)
    scores = np.abs(w).sum(axis=1) if norm == "l1" else np.sqrt((w ** 2).sum(axis=1))
    n_remove = round(fraction * len(scores))
    if n_remove >= len(scores):
        raise ValueError("all channels")
    return np.sort(np.argsort(scores, kind="stable")[n_remove:]).astype(np.int64)
