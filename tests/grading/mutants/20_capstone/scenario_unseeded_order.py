"run_scenario answers the queries in index order 0, 1, 2, ... instead of the seeded query_order."
REPLACES = "run_scenario"
FAILS = ["test_run_scenario"]
# Only the SingleStream scenario is rewritten; the other one is the reference's.
_reference = run_scenario


def run_scenario(model, task, scenario, n_queries=100, warmup=5, seed=0, clock=time.perf_counter_ns):
    order = np.arange(warmup + n_queries) % len(task.inputs)         # BUG: not the seeded order
    if scenario != "SingleStream":
        return _reference(model, task, scenario, n_queries, warmup, seed, clock)
    for i in order[:warmup]:
        task.infer(model, task.inputs[i:i + 1])
    lat = []
    for i in order[warmup:]:
        t0 = clock()
        task.infer(model, task.inputs[i:i + 1])
        lat.append((clock() - t0) / 1e6)
    p50, p90, p99 = (float(v) for v in np.percentile(lat, [50, 90, 99]))
    return {"scenario": scenario, "n_queries": n_queries, "p50_ms": p50, "p90_ms": p90, "p99_ms": p99}
