"validate_submission checks `results` (step 4) before submitter/created/system/sha256 (step 3): with several bad fields the error names a later step's field, but the spec says check in the numbered order."
REPLACES = "validate_submission"
FAILS = ["test_validate_submission"]
_reference = validate_submission


def validate_submission(sub):
    if isinstance(sub, dict) and all(k in sub for k in SUBMISSION_FIELDS) and set(sub) <= set(SUBMISSION_FIELDS) \
            and type(sub["schema_version"]) is int and sub["schema_version"] == SCHEMA_VERSION:
        good = dict(sub, submitter="ada", created="x", system={}, sha256="0" * 64)   # BUG: results checked first
        _reference(good)
    return _reference(sub)
