# CELL: accuracy_gate
# EXPECT: correct
# WHY: explicit math.isnan early return and numbers.Real checks; same results
#| export
def accuracy_gate(quality: float, baseline: float, fraction: float = GATE_FRACTION) -> bool:
    "True when `quality` >= `fraction` * `baseline` (both fractions in [0, 1], higher is better); NaN fails."
    import numbers
    if not isinstance(baseline, numbers.Real) or math.isnan(baseline) or math.isinf(baseline) or baseline <= 0:
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if not isinstance(fraction, numbers.Real) or not (0 < fraction <= 1):
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    if quality != quality:                 # NaN
        return False
    threshold = fraction * baseline
    return True if quality >= threshold else False
