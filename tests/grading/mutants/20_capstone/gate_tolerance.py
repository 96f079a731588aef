"accuracy_gate allows a small tolerance below the threshold: the spec's comparison is exact, a quality just below fraction * baseline must fail."
REPLACES = "accuracy_gate"
FAILS = ["test_accuracy_gate"]


def accuracy_gate(quality, baseline, fraction=GATE_FRACTION):
    if not (isinstance(baseline, (int, float)) and math.isfinite(baseline) and baseline > 0):
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if not (isinstance(fraction, (int, float)) and 0 < fraction <= 1):
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    return bool(quality >= fraction * baseline - 1e-9)           # BUG: tolerance: "close enough" passes
