# Alternative: set differences for missing/unknown fields, one validator function per kind, each result walked in
# its own key order, and the hex digest checked with a regular expression.
### BEGIN SOLUTION
import re

def real(v):
    return type(v) in (int, float)

def check_kind(kind, v):
    if kind == "task":
        return (type(v) is str and v in TASKS), "one of " + "/".join(TASKS)
    if kind == "text":
        return (type(v) is str and len(v) > 0), "a non-empty str"
    if kind == "texts":
        return (type(v) is list and not [s for s in v if type(s) is not str]), "a list of str"
    if kind == "fraction":
        return (real(v) and v >= 0 and v <= 1), "a real number in [0, 1]"
    if kind == "positive":
        return (real(v) and v > 0 and v != float("inf")), "a finite real number > 0"
    if kind == "count":
        return (type(v) is int and v >= 0), "an int >= 0"
    return (type(v) is bool), "a bool"

def bad(path, expected, value):
    return SubmissionError(f"{path}: expected {expected}, got {str(repr(value))[:80]}")

if type(sub) is not dict:
    raise bad("submission", "a dict", sub)
missing = [k for k in SUBMISSION_FIELDS if k not in sub]
if missing:
    raise SubmissionError(f"{missing[0]}: missing")
unknown = sorted(set(sub) - set(SUBMISSION_FIELDS))
if unknown:
    raise SubmissionError(f"{unknown[0]}: not a submission field")
if type(sub["schema_version"]) is not int or sub["schema_version"] != SCHEMA_VERSION:
    raise bad("schema_version", f"schema version {SCHEMA_VERSION}", sub["schema_version"])
if type(sub["submitter"]) is not str or len(sub["submitter"]) not in range(1, 65):
    raise bad("submitter", "1 to 64 characters", sub["submitter"])
if type(sub["created"]) is not str or not sub["created"]:
    raise bad("created", "a non-empty str", sub["created"])
if type(sub["system"]) is not dict:
    raise bad("system", "a dict", sub["system"])
if type(sub["sha256"]) is not str or not re.fullmatch(r"[0-9a-f]{64}", sub["sha256"]):
    raise bad("sha256", "a lowercase hex sha256", sub["sha256"])
if type(sub["results"]) is not list or len(sub["results"]) == 0:
    raise bad("results", "a non-empty list", sub["results"])
for n, r in enumerate(sub["results"]):
    where = "results[%d]" % n
    if type(r) is not dict:
        raise bad(where, "a dict", r)
    lacking = [k for k in RESULT_FIELDS if k not in r]
    if lacking:
        raise SubmissionError(f"{where}.{lacking[0]}: missing")
    extra = [k for k in r if k not in RESULT_FIELDS]
    if extra:
        raise SubmissionError(f"{where}.{extra[0]}: unknown field")
    for key, value in r.items():
        ok, expected = check_kind(RESULT_FIELDS[key], value)
        if not ok:
            raise bad(f"{where}.{key}", expected, value)
    if r["p50_ms"] > r["p90_ms"] or r["p90_ms"] > r["p99_ms"]:
        raise SubmissionError(f"{where}.p90_ms: need p50_ms <= p90_ms <= p99_ms")
    if not r["baseline_quality"] > 0:
        raise bad(f"{where}.baseline_quality", "> 0", r["baseline_quality"])
    if r["gate_passed"] is not accuracy_gate(r["quality"], r["baseline_quality"]):
        raise SubmissionError(f"{where}.gate_passed: does not match the accuracy gate")
return None
### END SOLUTION
