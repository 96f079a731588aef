# CELL: run_scenario
# EXPECT: wrong
# WHY: Offline starts the clock before the warm-up batch: the untimed warm-up is included in `seconds`
#| export
def run_scenario(model, task: Task, scenario: str, n_queries: int = 100, warmup: int = 5, seed: int = 0,
                 clock=time.perf_counter_ns) -> dict:
    """Measure `model` (the system under test) on `task` in `scenario` ("SingleStream" or "Offline").

    SingleStream: {"scenario", "n_queries", "p50_ms", "p90_ms", "p99_ms"} (batch-1 latency percentiles, ms).
    Offline: {"scenario", "n_queries", "seconds", "samples_per_s"}. Queries: query_order(N, warmup + n_queries, seed),
    warm-up first (untimed). `clock()` returns integer nanoseconds.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"run_scenario: unknown scenario {scenario!r}; expected one of {', '.join(SCENARIOS)}")
    if isinstance(n_queries, bool) or not isinstance(n_queries, (int, np.integer)) or n_queries < 1:
        raise ValueError(f"run_scenario: n_queries must be an int >= 1, got {n_queries!r}")
    if isinstance(warmup, bool) or not isinstance(warmup, (int, np.integer)) or warmup < 0:
        raise ValueError(f"run_scenario: warmup must be an int >= 0, got {warmup!r}")
    order = query_order(len(task.inputs), warmup + n_queries, seed)
    if scenario == "SingleStream":
        queries = iter(order)

        def answer_next():
            i = next(queries)
            task.infer(model, task.inputs[i:i + 1])

        ns = Timer(warmup=warmup, repeats=n_queries, clock=clock, n_boot=1).interleave([answer_next])[:, 0]
        p50, p90, p99 = np.percentile(ns, [50, 90, 99]) / 1e6
        return {"scenario": scenario, "n_queries": int(n_queries),
                "p50_ms": float(p50), "p90_ms": float(p90), "p99_ms": float(p99)}
    start = clock()
    if warmup > 0:
        task.infer(model, task.inputs[order[:warmup]])
    measured, batch = order[warmup:], int(task.offline_batch)
    for first in range(0, len(measured), batch):
        task.infer(model, task.inputs[measured[first:first + batch]])
    seconds = (clock() - start) / 1e9
    return {"scenario": scenario, "n_queries": int(n_queries), "seconds": float(seconds),
            "samples_per_s": float(n_queries / seconds)}
