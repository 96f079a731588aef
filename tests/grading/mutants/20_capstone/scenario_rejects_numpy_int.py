"run_scenario rejects np.int64 counts (isinstance(n, int) only): the spec says a NumPy integer counts as an int, so np.int64(3) must be measured like 3."
REPLACES = "run_scenario"
FAILS = ["test_run_scenario"]
_reference = run_scenario


def run_scenario(model, task, scenario, n_queries=100, warmup=5, seed=0, clock=time.perf_counter_ns):
    for value in (n_queries, warmup):
        if isinstance(value, bool) or not isinstance(value, int):      # BUG: np.int64 is an int per the spec
            raise ValueError(f"run_scenario: expected an int, got {value!r}")
    return _reference(model, task, scenario, n_queries, warmup, seed, clock)
