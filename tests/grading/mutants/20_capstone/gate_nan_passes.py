"accuracy_gate is written as 'not (quality < threshold)': a NaN quality passes the gate."
REPLACES = "accuracy_gate"
FAILS = ["test_accuracy_gate"]
_reference = accuracy_gate


def accuracy_gate(quality, baseline, fraction=GATE_FRACTION):
    _reference(0.0, baseline, fraction)                              # the reference's argument checks
    return not (quality < fraction * baseline)                       # BUG: NaN < x is False, so NaN passes
