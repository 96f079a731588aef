"run_scenario validates only the range (n_queries >= 1, warmup >= 0): True, 2.5 or 3.0 are accepted, but the spec says each must be an int (a bool is not a count, a float is not an int) and raise ValueError otherwise."
REPLACES = "run_scenario"
FAILS = ["test_run_scenario"]
_reference = run_scenario


def run_scenario(model, task, scenario, n_queries=100, warmup=5, seed=0, clock=time.perf_counter_ns):
    if scenario not in SCENARIOS:
        raise ValueError(f"run_scenario: unknown scenario {scenario!r}")
    if n_queries < 1:                                                 # BUG: True, 2.5, 3.0 pass
        raise ValueError(f"run_scenario: n_queries must be >= 1, got {n_queries!r}")
    if warmup < 0:                                                    # BUG: True, 1.5 pass
        raise ValueError(f"run_scenario: warmup must be >= 0, got {warmup!r}")
    return _reference(model, task, scenario, int(n_queries), int(warmup), seed, clock)
