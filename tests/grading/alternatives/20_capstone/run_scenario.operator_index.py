# Alternative: counts validated with operator.index (accepts any integer type, NumPy's included; rejects floats, even
# 3.0), bool rejected first, the TypeError turned into the ValueError the spec asks for; counts made Python ints up
# front; the Offline warm-up as one batch taken from the measured order's copy, batches via np.array_split.
### BEGIN SOLUTION
import operator

counts = {}
for name, value, low in (("n_queries", n_queries, 1), ("warmup", warmup, 0)):
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"run_scenario: {name} must be an int, not a bool ({value!r})")
    try:
        counts[name] = operator.index(value)
    except TypeError:
        raise ValueError(f"run_scenario: {name} must be an int, got {type(value).__name__} {value!r}") from None
    if counts[name] < low:
        raise ValueError(f"run_scenario: {name} must be >= {low}, got {value!r}")
if scenario not in SCENARIOS:
    raise ValueError(f"run_scenario: unknown scenario {scenario!r}, expected one of {SCENARIOS}")
n, w = counts["n_queries"], counts["warmup"]
order = query_order(len(task.inputs), w + n, seed)
if scenario == "SingleStream":
    for i in order[:w]:
        task.infer(model, task.inputs[i:i + 1])
    lat = []
    for i in order[w:]:
        t0 = clock()
        task.infer(model, task.inputs[i:i + 1])
        lat.append(clock() - t0)
    p50, p90, p99 = (float(v) for v in np.percentile(np.array(lat, dtype=np.float64) / 1e6, [50, 90, 99]))
    return {"scenario": scenario, "n_queries": n, "p50_ms": p50, "p90_ms": p90, "p99_ms": p99}
if w:
    task.infer(model, task.inputs[order[:w].copy()])
measured = order[w:]
b = int(task.offline_batch)
t0 = clock()
for chunk in np.array_split(measured, range(b, len(measured), b)):
    task.infer(model, task.inputs[chunk])
seconds = float((clock() - t0) / 1e9)
return {"scenario": scenario, "n_queries": n, "seconds": seconds, "samples_per_s": n / seconds}
### END SOLUTION
