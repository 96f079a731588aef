"_exit counts the output bytes before it reads the clock: the hook's own work is charged to the module (spec: read the clock **first**)."
REPLACES = "PerformanceProfiler"
FAILS = ['test_profiler']


def _exit(self, module, inputs, output):
    "Hook: stop the clock (first), pop the frame, record calls/inclusive/self/FLOPs/bytes, charge the parent."
    frame = self._stack.pop()
    stats = frame.stats
    stats.output_bytes += _nbytes(output)
    now = self.clock()              # BUG: after the byte counting above
    elapsed = now - frame.start
    stats.calls += 1
    stats.inclusive_ns += elapsed
    stats.self_ns += elapsed - frame.children_ns
    stats.flops += frame.flops
    if self._stack:
        parent = self._stack[-1]
        parent.children_ns += elapsed
        parent.flops += frame.flops


PerformanceProfiler._exit = _exit
