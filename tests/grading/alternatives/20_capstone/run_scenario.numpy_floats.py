# Alternative: latencies kept in a NumPy int64 array and the Offline time as np.float64 (a float subclass: the
# floats the spec asks for), n_queries converted with int(); the Offline batches sliced with a while loop.
### BEGIN SOLUTION
if scenario not in SCENARIOS:
    raise ValueError(f"run_scenario: scenario {scenario!r} is not one of {SCENARIOS}")
if isinstance(n_queries, bool) or not isinstance(n_queries, (int, np.integer)) or n_queries < 1:
    raise ValueError(f"run_scenario: n_queries must be an int >= 1, got {n_queries!r}")
if isinstance(warmup, bool) or not isinstance(warmup, (int, np.integer)) or warmup < 0:
    raise ValueError(f"run_scenario: warmup must be an int >= 0, got {warmup!r}")
order = query_order(len(task.inputs), int(warmup) + int(n_queries), seed)
if scenario == "SingleStream":
    for i in order[:warmup]:
        task.infer(model, task.inputs[i:i + 1])
    ns = np.zeros(int(n_queries), dtype=np.int64)
    for k, i in enumerate(order[warmup:]):
        before = clock()
        task.infer(model, task.inputs[i:i + 1])
        ns[k] = clock() - before
    p = np.percentile(ns / 1e6, [50, 90, 99])
    return {"scenario": "SingleStream", "n_queries": int(n_queries), "p50_ms": float(p[0]), "p90_ms": float(p[1]),
            "p99_ms": float(p[2])}
if warmup:
    task.infer(model, task.inputs[order[:warmup]])
rest = order[warmup:]
t0 = clock()
while len(rest):
    task.infer(model, task.inputs[rest[:task.offline_batch]])
    rest = rest[task.offline_batch:]
seconds = np.float64(clock() - t0) / np.float64(1e9)
return {"scenario": "Offline", "n_queries": int(n_queries), "seconds": seconds, "samples_per_s": int(n_queries) / seconds}
### END SOLUTION
