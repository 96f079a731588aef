"validate_submission accepts any integer schema_version (an unknown version is guessed at)."
REPLACES = "validate_submission"
FAILS = ["test_validate_submission"]
# Written as the reference check run on a copy whose integer version is replaced by the supported one.
_reference = validate_submission


def validate_submission(sub):
    version = sub.get("schema_version") if isinstance(sub, dict) else None
    if isinstance(version, int) and not isinstance(version, bool):
        sub = dict(sub, schema_version=SCHEMA_VERSION)                                             # BUG
    return _reference(sub)
