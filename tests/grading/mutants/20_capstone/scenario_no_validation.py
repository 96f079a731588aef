"run_scenario treats any scenario other than SingleStream as Offline (no error for 'Server'), and n_queries=0 passes."
REPLACES = "run_scenario"
FAILS = ["test_run_scenario"]


def run_scenario(model, task, scenario, n_queries=100, warmup=5, seed=0, clock=time.perf_counter_ns):
    order = query_order(len(task.inputs), max(warmup, 0) + n_queries, seed)   # BUG: nothing is validated
    if scenario == "SingleStream":
        for i in order[:warmup]:
            task.infer(model, task.inputs[i:i + 1])
        lat = []
        for i in order[warmup:]:
            t0 = clock()
            task.infer(model, task.inputs[i:i + 1])
            lat.append((clock() - t0) / 1e6)
        p50, p90, p99 = (float(v) for v in np.percentile(lat or [0.0], [50, 90, 99]))
        return {"scenario": scenario, "n_queries": n_queries, "p50_ms": p50, "p90_ms": p90, "p99_ms": p99}
    if warmup > 0:
        task.infer(model, task.inputs[order[:warmup]])
    measured = order[max(warmup, 0):]
    t0 = clock()
    for s in range(0, len(measured), task.offline_batch):
        task.infer(model, task.inputs[measured[s:s + task.offline_batch]])
    seconds = max((clock() - t0) / 1e9, 1e-9)
    return {"scenario": scenario, "n_queries": n_queries, "seconds": seconds, "samples_per_s": n_queries / seconds}
