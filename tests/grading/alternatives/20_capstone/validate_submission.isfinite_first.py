# Alternative: one numeric helper that rejects every non-finite value first (math.isfinite) and then checks each
# kind's bounds (fraction 0 <= v <= 1 inclusive, positive v > 0); the gate recomputed by calling accuracy_gate; keys
# checked with sets; results walked with while loops.
### BEGIN SOLUTION
def number(v):
    return type(v) in (int, float) and math.isfinite(v)

def kind_ok(kind, v):
    if kind == "task":
        return isinstance(v, str) and v in TASKS
    if kind == "text":
        return isinstance(v, str) and len(v) >= 1
    if kind == "texts":
        return isinstance(v, list) and all(type(s) is str for s in v)
    if kind == "fraction":
        return number(v) and 0 <= v <= 1
    if kind == "positive":
        return number(v) and v > 0
    if kind == "count":
        return type(v) is int and v >= 0
    return type(v) is bool

def reject(path, what, value):
    shown = repr(value)
    raise SubmissionError(f"{path}: expected {what}, got {shown[:80]}")

if not isinstance(sub, dict):
    reject("submission", "a dict", type(sub).__name__)
keys = set(sub)
for k in SUBMISSION_FIELDS:
    if k not in keys:
        raise SubmissionError(f"{k}: missing")
for k in sub:
    if k not in set(SUBMISSION_FIELDS):
        raise SubmissionError(f"{k}: unexpected field")
v = sub["schema_version"]
if not (type(v) is int and v == SCHEMA_VERSION):
    reject("schema_version", f"the int {SCHEMA_VERSION}", v)
if not (type(sub["submitter"]) is str and 1 <= len(sub["submitter"]) <= 64):
    reject("submitter", "a non-empty str of at most 64 characters", sub["submitter"])
if not kind_ok("text", sub["created"]):
    reject("created", "a non-empty str", sub["created"])
if type(sub["system"]) is not dict:
    reject("system", "a dict", sub["system"])
h = sub["sha256"]
if not (type(h) is str and len(h) == 64 and set(h) <= set("0123456789abcdef")):
    reject("sha256", "64 lowercase hex digits", h)
rs = sub["results"]
if type(rs) is not list or len(rs) == 0:
    reject("results", "a non-empty list", rs)
i = 0
while i < len(rs):
    r, where = rs[i], f"results[{i}]"
    if type(r) is not dict:
        reject(where, "a dict", r)
    for k in RESULT_FIELDS:
        if k not in r:
            raise SubmissionError(f"{where}.{k}: missing")
    for k in r:
        if k not in RESULT_FIELDS:
            raise SubmissionError(f"{where}.{k}: unknown field")
    for k, kind in RESULT_FIELDS.items():
        if not kind_ok(kind, r[k]):
            reject(f"{where}.{k}", f"a value of kind {kind}", r[k])
    if r["p90_ms"] < r["p50_ms"] or r["p99_ms"] < r["p90_ms"]:
        raise SubmissionError(f"{where}.p90_ms: expected p50_ms <= p90_ms <= p99_ms")
    if r["baseline_quality"] == 0:
        reject(f"{where}.baseline_quality", "a number > 0", r["baseline_quality"])
    if bool(r["gate_passed"]) != accuracy_gate(r["quality"], r["baseline_quality"]):
        raise SubmissionError(f"{where}.gate_passed: inconsistent with quality and baseline_quality")
    i += 1
return None
### END SOLUTION
