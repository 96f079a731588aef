"accuracy_gate requires fraction >= 0.01 (a 'sane' gate): the spec allows any fraction in (0, 1], and a tiny positive one is valid."
REPLACES = "accuracy_gate"
FAILS = ["test_accuracy_gate"]


def accuracy_gate(quality, baseline, fraction=GATE_FRACTION):
    if not (isinstance(baseline, (int, float)) and math.isfinite(baseline) and baseline > 0):
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if not (isinstance(fraction, (int, float)) and 0.01 <= fraction <= 1):     # BUG: lower bound is 0 (exclusive)
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    return bool(quality >= fraction * baseline)
