"_on_op assumes a module is running: a Tensor op inside the profiled block but outside every module raises IndexError (spec: nothing if no module is running)."
REPLACES = "PerformanceProfiler"
FAILS = ['test_profiler']


def _on_op(self, op, flops, out_bytes):
    "Tracer callback: charge `flops` to the innermost running module (self and inclusive-so-far)."
    top = self._stack[-1]   # BUG: no check for an empty stack
    top.flops += flops
    top.stats.self_flops += flops


PerformanceProfiler._on_op = _on_op
