"validate_submission trusts gate_passed instead of recomputing it from quality and baseline_quality."
REPLACES = "validate_submission"
FAILS = ["test_validate_submission"]
# Written as the reference check run on a copy where gate_passed is overwritten by the right value: any bool passes.
_reference = validate_submission


def validate_submission(sub):
    def trusted(r):
        try:
            if isinstance(r.get("gate_passed"), bool):
                return dict(r, gate_passed=accuracy_gate(r["quality"], r["baseline_quality"]))     # BUG
        except Exception:  # noqa: BLE001 - leave malformed results to the reference check
            pass
        return r

    if isinstance(sub, dict) and isinstance(sub.get("results"), list):
        sub = dict(sub, results=[trusted(r) if isinstance(r, dict) else r for r in sub["results"]])
    return _reference(sub)
