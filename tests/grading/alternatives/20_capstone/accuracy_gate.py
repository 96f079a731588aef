# Alternative: numbers.Real checks and a NaN test written out, the comparison negated ("not below the threshold").
### BEGIN SOLUTION
import numbers

if not isinstance(baseline, numbers.Real) or baseline != baseline or baseline in (float("inf"), float("-inf")) \
        or baseline <= 0:
    raise ValueError(f"accuracy_gate: baseline must be finite and > 0, got {baseline!r}")
if not isinstance(fraction, numbers.Real) or not (fraction > 0 and fraction <= 1):
    raise ValueError(f"accuracy_gate: fraction must lie in (0, 1], got {fraction!r}")
if quality != quality:
    return False
return not (quality < fraction * baseline)
### END SOLUTION
