# CELL: validate_submission
# EXPECT: wrong
# WHY: accepts upper-case hex in sha256 (spec: exactly 64 lowercase hex digits)
#| export
def validate_submission(sub) -> None:
    """Raise SubmissionError("<field path>: expected ..., got ...") unless `sub` follows schema version
    SCHEMA_VERSION (see the table above); return None if it does."""
    def fail(path, expected, value):
        raise SubmissionError(f"{path}: expected {expected}, got {value!r:.80}")

    def is_real(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    checks = {
        "task": (lambda v: isinstance(v, str) and v in TASKS, f"one of {', '.join(TASKS)}"),
        "text": (lambda v: isinstance(v, str) and v != "", "a non-empty string"),
        "texts": (lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v), "a list of strings"),
        "fraction": (lambda v: is_real(v) and 0 <= v <= 1, "a number in [0, 1]"),
        "positive": (lambda v: is_real(v) and math.isfinite(v) and v > 0, "a finite number > 0"),
        "count": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0, "an int >= 0"),
        "bool": (lambda v: isinstance(v, bool), "true or false"),
    }
    if not isinstance(sub, dict):
        fail("submission", "a JSON object (dict)", type(sub).__name__)
    for key in SUBMISSION_FIELDS:
        if key not in sub:
            raise SubmissionError(f"{key}: missing (a submission needs {', '.join(SUBMISSION_FIELDS)})")
    for key in sub:
        if key not in SUBMISSION_FIELDS:
            raise SubmissionError(f"{key}: unknown field (expected only {', '.join(SUBMISSION_FIELDS)})")
    version = sub["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version != SCHEMA_VERSION:
        fail("schema_version", f"supported version {SCHEMA_VERSION} (unknown versions are rejected)", version)
    if not isinstance(sub["submitter"], str) or not 0 < len(sub["submitter"]) <= 64:
        fail("submitter", "a non-empty string of at most 64 characters", sub["submitter"])
    if not checks["text"][0](sub["created"]):
        fail("created", "a non-empty string", sub["created"])
    if not isinstance(sub["system"], dict):
        fail("system", "an object (dict)", sub["system"])
    digest = sub["sha256"]
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digest):
        fail("sha256", "64 lowercase hex digits", digest)
    results = sub["results"]
    if not isinstance(results, list) or not results:
        fail("results", "a non-empty list of results", results)
    for i, result in enumerate(results):
        path = f"results[{i}]"
        if not isinstance(result, dict):
            fail(path, "an object (dict)", result)
        for key in RESULT_FIELDS:
            if key not in result:
                raise SubmissionError(f"{path}.{key}: missing")
        for key in result:
            if key not in RESULT_FIELDS:
                raise SubmissionError(f"{path}.{key}: unknown field")
        for key, kind in RESULT_FIELDS.items():
            ok, expected = checks[kind]
            if not ok(result[key]):
                fail(f"{path}.{key}", expected, result[key])
        if not result["p50_ms"] <= result["p90_ms"] <= result["p99_ms"]:
            raise SubmissionError(f"{path}.p90_ms: percentiles must satisfy p50_ms <= p90_ms <= p99_ms, got "
                                  f"{result['p50_ms']}, {result['p90_ms']}, {result['p99_ms']}")
        if result["baseline_quality"] <= 0:
            fail(f"{path}.baseline_quality", "a number > 0", result["baseline_quality"])
        if result["gate_passed"] != accuracy_gate(result["quality"], result["baseline_quality"]):
            raise SubmissionError(f"{path}.gate_passed: {result['gate_passed']} contradicts quality "
                                  f"{result['quality']} vs baseline {result['baseline_quality']}")
