"validate_submission accepts True/False as numbers (isinstance(True, int) is True in Python)."
REPLACES = "validate_submission"
FAILS = ["test_validate_submission"]
# Written as the reference check run on a copy where bools in numeric fields became ints: True passes as 1.
_reference = validate_submission
_NUMERIC = {k for k, kind in RESULT_FIELDS.items() if kind in ("fraction", "positive", "count")}


def validate_submission(sub):
    if isinstance(sub, dict) and isinstance(sub.get("results"), list):
        sub = dict(sub, results=[{k: int(v) if k in _NUMERIC and isinstance(v, bool) else v for k, v in r.items()}  # BUG
                                 if isinstance(r, dict) else r for r in sub["results"]])
    return _reference(sub)
