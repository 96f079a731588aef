"accuracy_gate compares quality / baseline >= fraction: rounds differently from the spec's quality >= fraction * baseline at the threshold (exactly at it can fail, just below can pass)."
REPLACES = "accuracy_gate"
FAILS = ["test_accuracy_gate"]


def accuracy_gate(quality, baseline, fraction=GATE_FRACTION):
    if not (isinstance(baseline, (int, float)) and math.isfinite(baseline) and baseline > 0):
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if not (isinstance(fraction, (int, float)) and 0 < fraction <= 1):
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    return bool(quality / baseline >= fraction)                  # BUG: a division, not the spec's product
