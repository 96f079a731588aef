"validate_submission never checks p99_ms: a result whose p99_ms is missing or invalid is accepted."
REPLACES = "validate_submission"
FAILS = ["test_validate_submission"]
# Written as the reference check run on a copy in which p99_ms is patched up: the same behaviour as forgetting it.
_reference = validate_submission


def validate_submission(sub):
    if isinstance(sub, dict) and isinstance(sub.get("results"), list):
        sub = dict(sub, results=[dict(r, p99_ms=max(r["p90_ms"], r["p50_ms"]))                    # BUG
                                 if isinstance(r, dict) and isinstance(r.get("p90_ms"), (int, float))
                                 and isinstance(r.get("p50_ms"), (int, float)) else r for r in sub["results"]])
    return _reference(sub)
