# CELL: validate_submission
# EXPECT: correct
# WHY: a different structure: per-kind checker functions in a dict and one helper that raises; same order of checks and same field paths
#| export
def validate_submission(sub) -> None:
    """Raise SubmissionError("<field path>: expected ..., got ...") unless `sub` follows schema version
    SCHEMA_VERSION (see the table above); return None if it does."""
    def bad(path, expected, value):
        text = repr(value)
        raise SubmissionError(f"{path}: expected {expected}, got {text[:80]}")

    def number(v):
        return type(v) is not bool and isinstance(v, (int, float))

    def integer(v):
        return type(v) is not bool and isinstance(v, int)

    kinds = {
        "task": ("one of " + ", ".join(TASKS), lambda v: isinstance(v, str) and v in TASKS),
        "text": ("a non-empty str", lambda v: isinstance(v, str) and len(v) > 0),
        "texts": ("a list of str", lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v)),
        "fraction": ("a number in [0, 1]", lambda v: number(v) and 0 <= v <= 1),
        "positive": ("a finite number > 0", lambda v: number(v) and math.isfinite(v) and v > 0),
        "count": ("an int >= 0", lambda v: integer(v) and v >= 0),
        "bool": ("True or False", lambda v: isinstance(v, bool)),
    }
    if not isinstance(sub, dict):
        bad("submission", "a dict", type(sub).__name__)
    missing = [k for k in SUBMISSION_FIELDS if k not in sub]
    if missing:
        raise SubmissionError(f"{missing[0]}: missing field")
    extra = [k for k in sub if k not in SUBMISSION_FIELDS]
    if extra:
        raise SubmissionError(f"{extra[0]}: unknown field")
    if not integer(sub["schema_version"]) or sub["schema_version"] != SCHEMA_VERSION:
        bad("schema_version", f"the int {SCHEMA_VERSION}", sub["schema_version"])
    s = sub["submitter"]
    if not (isinstance(s, str) and 1 <= len(s) <= 64):
        bad("submitter", "a non-empty str of at most 64 characters", s)
    if not (isinstance(sub["created"], str) and sub["created"]):
        bad("created", "a non-empty str", sub["created"])
    if not isinstance(sub["system"], dict):
        bad("system", "a dict", sub["system"])
    h = sub["sha256"]
    if not (isinstance(h, str) and len(h) == 64 and set(h) <= set("0123456789abcdef")):
        bad("sha256", "a str of 64 lowercase hex digits", h)
    results = sub["results"]
    if not (isinstance(results, list) and len(results) > 0):
        bad("results", "a non-empty list of dicts", results)
    for i, r in enumerate(results):
        where = f"results[{i}]"
        if not isinstance(r, dict):
            bad(where, "a dict", r)
        missing = [k for k in RESULT_FIELDS if k not in r]
        if missing:
            raise SubmissionError(f"{where}.{missing[0]}: missing field")
        extra = [k for k in r if k not in RESULT_FIELDS]
        if extra:
            raise SubmissionError(f"{where}.{extra[0]}: unknown field")
        for key, kind in RESULT_FIELDS.items():
            expected, ok = kinds[kind]
            if not ok(r[key]):
                bad(f"{where}.{key}", expected, r[key])
        if not (r["p50_ms"] <= r["p90_ms"] and r["p90_ms"] <= r["p99_ms"]):
            bad(f"{where}.p90_ms", "p50_ms <= p90_ms <= p99_ms", (r["p50_ms"], r["p90_ms"], r["p99_ms"]))
        if not r["baseline_quality"] > 0:
            bad(f"{where}.baseline_quality", "a number > 0", r["baseline_quality"])
        if r["gate_passed"] != accuracy_gate(r["quality"], r["baseline_quality"]):
            bad(f"{where}.gate_passed", f"{accuracy_gate(r['quality'], r['baseline_quality'])} (from quality and "
                                         f"baseline_quality)", r["gate_passed"])
    return None
