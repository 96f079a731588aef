# CELL: accuracy_gate
# EXPECT: wrong
# WHY: returns np.greater_equal(...) (a NumPy bool_), not the Python bool the spec asks for
#| export
def accuracy_gate(quality: float, baseline: float, fraction: float = GATE_FRACTION) -> bool:
    "True when `quality` >= `fraction` * `baseline` (both fractions in [0, 1], higher is better); NaN fails."
    if not (isinstance(baseline, (int, float, np.integer, np.floating)) and math.isfinite(baseline) and baseline > 0):
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if not (isinstance(fraction, (int, float, np.integer, np.floating)) and 0 < fraction <= 1):
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    return np.greater_equal(quality, fraction * baseline)
