"_exit adds the inputs' bytes to output_bytes instead of _nbytes(output): wrong for every module whose output differs in size from its input (Linear 12 -> 24); the spec says bytes of the outputs."
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
    stats.flops += frame.flops
    stats.output_bytes += _nbytes(inputs)   # BUG
    if self._stack:
        parent = self._stack[-1]
        parent.children_ns += elapsed
        parent.flops += frame.flops


PerformanceProfiler._exit = _exit
