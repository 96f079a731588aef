"peak_bytes reports the absolute traced peak: memory that was already allocated is counted as fn's."
REPLACES = "MemoryProfiler"
FAILS = ['test_memory']


def peak_bytes(fn) -> int:
    "Peak bytes allocated (tracemalloc) while `fn()` runs, above the level at its start."
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if started_here:
            tracemalloc.stop()
    return int(peak)   # BUG


MemoryProfiler.peak_bytes = staticmethod(peak_bytes)
