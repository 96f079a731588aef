# Alternative: an explicit timing loop instead of module 19's Timer, percentiles by sorting the latencies and
# interpolating linearly between the two nearest ranks (NumPy's default rule), validation in another order.
### BEGIN SOLUTION
for name, value, low in (("n_queries", n_queries, 1), ("warmup", warmup, 0)):
    if type(value) is bool or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"run_scenario: {name} must be an int >= {low}, got {value!r}")
if scenario not in SCENARIOS:
    raise ValueError(f"run_scenario: scenario {scenario!r} is not one of {list(SCENARIOS)}")
order = query_order(len(task.inputs), warmup + n_queries, seed)
warm, measured = order[:warmup], order[warmup:]
if scenario == "Offline":
    if len(warm):
        task.infer(model, task.inputs[warm])
    t0 = clock()
    start = 0
    while start < len(measured):
        task.infer(model, task.inputs[measured[start:start + task.offline_batch]])
        start += task.offline_batch
    elapsed = (clock() - t0) * 1e-9
    return {"scenario": "Offline", "n_queries": int(n_queries), "seconds": float(elapsed),
            "samples_per_s": float(n_queries / elapsed)}
for i in warm:
    task.infer(model, task.inputs[i:i + 1])
latencies = []
for i in measured:
    t0 = clock()
    task.infer(model, task.inputs[i:i + 1])
    latencies.append(clock() - t0)
ordered = sorted(latencies)

def percentile_ms(q):
    rank = (len(ordered) - 1) * q / 100.0
    lo = int(math.floor(rank))
    hi = min(lo + 1, len(ordered) - 1)
    value = ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)
    return float(value) / 1e6

return {"scenario": "SingleStream", "n_queries": int(n_queries), "p50_ms": percentile_ms(50),
        "p90_ms": percentile_ms(90), "p99_ms": percentile_ms(99)}
### END SOLUTION
