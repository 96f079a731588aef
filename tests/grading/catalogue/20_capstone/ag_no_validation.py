# CELL: accuracy_gate
# EXPECT: wrong
# WHY: no checks: baseline 0/negative/NaN/inf or fraction outside (0, 1] are not rejected with ValueError
#| export
def accuracy_gate(quality: float, baseline: float, fraction: float = GATE_FRACTION) -> bool:
    "True when `quality` >= `fraction` * `baseline` (both fractions in [0, 1], higher is better); NaN fails."
    return bool(quality >= fraction * baseline)          # NaN >= x is False: a NaN quality never passes
