"peak_bytes keeps fn's result and reports the traced level after fn returns: a large temporary freed inside fn is missed (spec: the most memory allocated at any moment while fn ran)."
REPLACES = "MemoryProfiler"
FAILS = ['test_memory']


def peak_bytes(fn) -> int:
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        result = fn()
        current, _ = tracemalloc.get_traced_memory()   # BUG: the level now, not the peak
        del result
    finally:
        if started_here:
            tracemalloc.stop()
    return int(current - baseline)


MemoryProfiler.peak_bytes = staticmethod(peak_bytes)
