"accuracy_gate validates fraction with `fraction <= 0 or fraction > 1`: NaN (and the checks are false for it) slips through; NaN is not in (0, 1]."
REPLACES = "accuracy_gate"
FAILS = ["test_accuracy_gate"]


def accuracy_gate(quality, baseline, fraction=GATE_FRACTION):
    if not (isinstance(baseline, (int, float)) and math.isfinite(baseline) and baseline > 0):
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if fraction <= 0 or fraction > 1:                              # BUG: NaN compares False both ways
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    return bool(quality >= fraction * baseline)
