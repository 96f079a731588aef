"run_scenario raises TypeError for a non-int count (True, 2.5): the spec says ValueError for any n_queries / warmup that is not an int in range."
REPLACES = "run_scenario"
FAILS = ["test_run_scenario"]
_reference = run_scenario


def run_scenario(model, task, scenario, n_queries=100, warmup=5, seed=0, clock=time.perf_counter_ns):
    for value in (n_queries, warmup):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"run_scenario: expected an int, got {value!r}")   # BUG: the spec says ValueError
    return _reference(model, task, scenario, n_queries, warmup, seed, clock)
