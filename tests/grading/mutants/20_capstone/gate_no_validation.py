"accuracy_gate does not validate its baseline: a zero or NaN baseline silently gates against nothing."
REPLACES = "accuracy_gate"
FAILS = ["test_accuracy_gate"]


def accuracy_gate(quality, baseline, fraction=GATE_FRACTION):
    return bool(quality >= fraction * baseline)                      # BUG: no checks of baseline / fraction
