"channels_to_keep scores the slices along the LAST axis whatever axis says (right only when axis is the last one)."
REPLACES = "channels_to_keep"
FAILS = ["test_channels_to_keep"]


def channels_to_keep(weight, fraction, norm="l1", axis=0):
    fraction = check_fraction(fraction, "fraction", "channels_to_keep")
    if norm not in ("l1", "l2"):
        raise ValueError(f"bad norm {norm!r}")
    weight = np.asarray(weight)
    if weight.ndim == 0 or not -weight.ndim <= axis < weight.ndim:
        raise ValueError(f"bad axis {axis!r}")
    w = np.moveaxis(weight, -1, 0).reshape(weight.shape[-1], -1).astype(np.float64)
    scores = np.abs(w).sum(axis=1) if norm == 'l1' else np.sqrt((w ** 2).sum(axis=1))
    n_remove = round(fraction * len(scores))
    if n_remove >= len(scores):
        raise ValueError('all channels')
    return np.sort(np.argsort(scores, kind='stable')[n_remove:]).astype(np.int64)
