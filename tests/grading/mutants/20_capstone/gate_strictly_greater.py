"accuracy_gate uses > instead of >=: a result exactly at 99 % of the baseline is wrongly rejected."
REPLACES = "accuracy_gate"
FAILS = ["test_accuracy_gate"]


def accuracy_gate(quality, baseline, fraction=GATE_FRACTION):
    if not (math.isfinite(baseline) and baseline > 0):
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if not 0 < fraction <= 1:
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    return bool(quality > fraction * baseline)                       # BUG: > instead of >=
