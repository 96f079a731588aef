"run_scenario accepts a float with an integral value (n_queries=3.0) and rejects only non-integral ones: the spec says n_queries and warmup must be ints (a float, even 3.0, raises ValueError)."
REPLACES = "run_scenario"
FAILS = ["test_run_scenario"]
_reference = run_scenario


def run_scenario(model, task, scenario, n_queries=100, warmup=5, seed=0, clock=time.perf_counter_ns):
    for name, value, low in (("n_queries", n_queries, 1), ("warmup", warmup, 0)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer)) \
                or value != int(value) or value < low:               # BUG: 3.0 passes
            raise ValueError(f"run_scenario: {name} must be an int >= {low}, got {value!r}")
    return _reference(model, task, scenario, int(n_queries), int(warmup), seed, clock)
