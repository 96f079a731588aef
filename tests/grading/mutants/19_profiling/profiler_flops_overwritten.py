"_exit sets the inclusive FLOPs to the last call's instead of adding: a module called twice (or in two blocks) reports one call's FLOPs (spec: summed over calls)."
REPLACES = "PerformanceProfiler"
FAILS = ['test_profiler']


def _exit(self, module, inputs, output):
    "Hook: stop the clock (first), pop the frame, record calls/inclusive/self/FLOPs/bytes, charge the parent."
    now = self.clock()
    frame = self._stack.pop()
    elapsed = now - frame.start
    stats = frame.stats
    stats.calls += 1
    stats.inclusive_ns += elapsed
    stats.self_ns += elapsed - frame.children_ns
    stats.flops = frame.flops   # BUG
    stats.output_bytes += _nbytes(output)
    if self._stack:
        parent = self._stack[-1]
        parent.children_ns += elapsed
        parent.flops += frame.flops


PerformanceProfiler._exit = _exit
