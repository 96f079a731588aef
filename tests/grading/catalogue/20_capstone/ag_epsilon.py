# CELL: accuracy_gate
# EXPECT: wrong
# WHY: adds a 1e-6 slack (quality >= fraction*baseline - 1e-6): results just below the threshold pass
#| export
def accuracy_gate(quality: float, baseline: float, fraction: float = GATE_FRACTION) -> bool:
    "True when `quality` >= `fraction` * `baseline` (both fractions in [0, 1], higher is better); NaN fails."
    if not (isinstance(baseline, (int, float, np.integer, np.floating)) and math.isfinite(baseline) and baseline > 0):
        raise ValueError(f"accuracy_gate: baseline must be a finite number > 0, got {baseline!r}")
    if not (isinstance(fraction, (int, float, np.integer, np.floating)) and 0 < fraction <= 1):
        raise ValueError(f"accuracy_gate: fraction must be in (0, 1], got {fraction!r}")
    return bool(quality >= fraction * baseline - 1e-6)
