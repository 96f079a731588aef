"peak_bytes does not reset_peak(): with tracemalloc already running, an earlier, higher peak is reported as fn's (spec: `reset_peak()`, then baseline, fn, peak)."
REPLACES = "MemoryProfiler"
FAILS = ['test_memory']


def peak_bytes(fn) -> int:
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()   # BUG: no tracemalloc.reset_peak() before
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if started_here:
            tracemalloc.stop()
    return int(peak - baseline)


MemoryProfiler.peak_bytes = staticmethod(peak_bytes)
