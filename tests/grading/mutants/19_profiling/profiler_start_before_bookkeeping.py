"_enter reads the start time first and then counts the input bytes: the pre-hook's own work is charged to the module (spec: set `start = self.clock()` **last**)."
REPLACES = "PerformanceProfiler"
FAILS = ['test_profiler']


def _enter(self, module, inputs):
    "Pre-hook: count the input bytes, push a frame for `module`, start its clock (last)."
    start = self.clock()   # BUG: read before the bookkeeping below
    stats = self._result.modules[self._names[id(module)]]
    stats.input_bytes += _nbytes(inputs)
    frame = _Frame(stats)
    self._stack.append(frame)
    frame.start = start


PerformanceProfiler._enter = _enter
