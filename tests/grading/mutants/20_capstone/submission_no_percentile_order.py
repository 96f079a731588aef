"validate_submission does not check p50 <= p90 <= p99."
REPLACES = "validate_submission"
FAILS = ["test_validate_submission"]
# Written as the reference check run on a copy with the three percentiles sorted: any order passes.
_reference = validate_submission
_P = ("p50_ms", "p90_ms", "p99_ms")


def validate_submission(sub):
    def sort_percentiles(r):
        values = [r.get(k) for k in _P]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return dict(r, **dict(zip(_P, sorted(values))))                                        # BUG
        return r

    if isinstance(sub, dict) and isinstance(sub.get("results"), list):
        sub = dict(sub, results=[sort_percentiles(r) if isinstance(r, dict) else r for r in sub["results"]])
    return _reference(sub)
