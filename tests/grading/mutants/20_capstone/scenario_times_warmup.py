"run_scenario times the warm-up queries too (SingleStream percentiles include the cold starts)."
REPLACES = "run_scenario"
FAILS = ["test_run_scenario"]


def run_scenario(model, task, scenario, n_queries=100, warmup=5, seed=0, clock=time.perf_counter_ns):
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}")
    if n_queries < 1:
        raise ValueError(f"n_queries must be >= 1, got {n_queries}")
    if warmup < 0:
        raise ValueError(f"warmup must be >= 0, got {warmup}")
    order = query_order(len(task.inputs), warmup + n_queries, seed)
    if scenario == "SingleStream":
        lat = []
        for i in order:                                              # BUG: warm-up queries are timed as well
            t0 = clock()
            task.infer(model, task.inputs[i:i + 1])
            lat.append((clock() - t0) / 1e6)
        p50, p90, p99 = (float(v) for v in np.percentile(lat, [50, 90, 99]))
        return {"scenario": scenario, "n_queries": n_queries, "p50_ms": p50, "p90_ms": p90, "p99_ms": p99}
    if warmup:
        task.infer(model, task.inputs[order[:warmup]])
    measured = order[warmup:]
    t0 = clock()
    for s in range(0, n_queries, task.offline_batch):
        task.infer(model, task.inputs[measured[s:s + task.offline_batch]])
    seconds = (clock() - t0) / 1e9
    return {"scenario": scenario, "n_queries": n_queries, "seconds": seconds, "samples_per_s": n_queries / seconds}
