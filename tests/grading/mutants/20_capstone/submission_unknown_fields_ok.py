"validate_submission ignores unknown fields (at the top level and in results)."
REPLACES = "validate_submission"
FAILS = ["test_validate_submission"]
# Written as the reference check run on a copy without the unknown keys: extra keys pass.
_reference = validate_submission


def validate_submission(sub):
    if isinstance(sub, dict):
        sub = {k: v for k, v in sub.items() if k in SUBMISSION_FIELDS}                            # BUG
        if isinstance(sub.get("results"), list):
            sub["results"] = [{k: v for k, v in r.items() if k in RESULT_FIELDS} if isinstance(r, dict) else r
                              for r in sub["results"]]
    return _reference(sub)
