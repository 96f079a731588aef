# CELL: performance_profiler
# EXPECT: wrong
# WHY: self_percent divides by wall_ns instead of the total self time: shares need not add up to 100
#| export
@dataclasses.dataclass
class ModuleStats:
    """What the profiler measured for one module, summed over its calls in one profiled region.

    Times in clock units (ns); FLOPs as in `count_flops` (inclusive and self); bytes of the Tensor inputs/outputs;
    param_bytes: the arrays the module holds (its sub-modules' included, see `MemoryProfiler.parameter_bytes`), read
    once per call.
    """
    name: str
    kind: str
    param_bytes: int = 0
    calls: int = 0
    inclusive_ns: float = 0
    self_ns: float = 0
    flops: int = 0
    self_flops: int = 0
    input_bytes: int = 0
    output_bytes: int = 0


@dataclasses.dataclass
class ProfileResult:
    "One named region: wall time of the `with` blocks, how many ran, and `{module name: ModuleStats}` in model order."
    name: str
    modules: dict
    wall_ns: float = 0
    runs: int = 0

    def rows(self) -> list:
        "ModuleStats sorted by self time, largest first (ties keep model order)."
        return sorted(self.modules.values(), key=lambda s: -s.self_ns)

    def self_percent(self) -> dict:
        "{module name: percentage of the total self time}; the values sum to 100 (all 0 if nothing was timed)."
        return {name: (100.0 * s.self_ns / self.wall_ns if self.wall_ns else 0.0) for name, s in self.modules.items()}

    def table(self, top: int = None) -> str:
        "The report: one line per module, sorted by self time; `top` limits the number of lines."
        percent, rows = self.self_percent(), self.rows()[:top]
        lines = [f"{'module':<28} {'type':<20} {'calls':>5} {'self ms':>9} {'self %':>7} {'incl ms':>9} "
                 f"{'MFLOP':>9} {'GFLOP/s':>8} {'out KiB':>9}"]
        for s in rows:
            rate = s.flops / s.inclusive_ns if s.inclusive_ns else 0.0   # FLOP per ns = GFLOP/s
            lines.append(f"{s.name or '(model)':<28.28} {s.kind:<20.20} {s.calls:>5} {s.self_ns / 1e6:>9.3f} "
                         f"{percent[s.name]:>6.1f}% {s.inclusive_ns / 1e6:>9.3f} {s.flops / 1e6:>9.3f} "
                         f"{rate:>8.2f} {s.output_bytes / 1024:>9.1f}")
        self_sum = sum(s.self_ns for s in self.modules.values())
        lines.append(f"{self.runs} run(s): wall {self.wall_ns / 1e6:.3f} ms, sum of self times "
                     f"{self_sum / 1e6:.3f} ms ({100 * self_sum / self.wall_ns if self.wall_ns else 0:.1f}% of wall)")
        return "\n".join(lines)


class _Frame:
    "A module that is currently running: its stats, start time, children's inclusive time and FLOPs so far."
    __slots__ = ("stats", "start", "children_ns", "flops")

    def __init__(self, stats: ModuleStats):
        self.stats, self.start, self.children_ns, self.flops = stats, 0, 0, 0


class PerformanceProfiler:
    """Per-module inclusive/self time, calls, FLOPs and bytes: `with profiler.profile("name"): model(x)`.

    `clock` returns ns (tests inject a fake one). `trace_flops=False` skips the op tracer (lower overhead).
    Repeated `profile(name)` blocks with the same name accumulate into one `ProfileResult`.
    """

    def __init__(self, model: Module, clock=time.perf_counter_ns, trace_flops: bool = True):
        if not isinstance(model, Module):
            raise TypeError(f"PerformanceProfiler expects a tinytorch Module, got {type(model).__name__}")
        self.model, self.clock, self.trace_flops = model, clock, trace_flops
        self.results = {}          # region name -> ProfileResult
        self._modules = list(model.named_modules())   # walked once: discovery is slow compared to a hook call
        self._names = {id(m): name for name, m in self._modules}
        self._stack = []           # _Frame of every module currently running, innermost last
        self._result = None        # the ProfileResult being recorded

    def _new_result(self, name: str) -> ProfileResult:
        modules = {n: ModuleStats(n, type(m).__name__, param_bytes=MemoryProfiler(m).parameter_bytes())
                   for n, m in self._modules}
        return ProfileResult(name, modules)

    @contextlib.contextmanager
    def profile(self, name: str = "forward"):
        "Record every module call of `self.model` inside the block into `self.results[name]` (yielded)."
        if self._result is not None:
            raise RuntimeError("profile() blocks of one profiler cannot be nested")
        if name not in self.results:
            self.results[name] = self._new_result(name)
        result = self.results[name]
        self._result, self._stack = result, []
        handles = []
        try:
            for _, m in self._modules:
                handles += [m.register_forward_pre_hook(self._enter), m.register_forward_hook(self._exit)]
            with trace_ops(self._on_op) if self.trace_flops else contextlib.nullcontext():
                start = self.clock()
                try:
                    yield result
                finally:
                    result.wall_ns += self.clock() - start
                    result.runs += 1
        finally:
            for h in handles:
                h.remove()
            self._result, self._stack = None, []

    def _enter(self, module, inputs):
        "Pre-hook: count the input bytes, push a frame for `module`, start its clock (last)."
        stats = self._result.modules[self._names[id(module)]]
        stats.input_bytes += _nbytes(inputs)
        frame = _Frame(stats)
        self._stack.append(frame)
        frame.start = self.clock()      # last: the hook's own work is not charged to the module

    def _exit(self, module, inputs, output):
        "Hook: stop the clock (first), pop the frame, record calls/inclusive/self/FLOPs/bytes, charge the parent."
        now = self.clock()              # first, for the same reason
        frame = self._stack.pop()
        elapsed = now - frame.start
        stats = frame.stats
        stats.calls += 1
        stats.inclusive_ns += elapsed
        stats.self_ns += elapsed - frame.children_ns
        stats.flops += frame.flops
        stats.output_bytes += _nbytes(output)
        if self._stack:
            parent = self._stack[-1]
            parent.children_ns += elapsed
            parent.flops += frame.flops

    def _on_op(self, op, flops, out_bytes):
        "Tracer callback: charge `flops` to the innermost running module (self and inclusive-so-far)."
        if self._stack:
            top = self._stack[-1]
            top.flops += flops
            top.stats.self_flops += flops

    def report(self, name: str = None, top: int = None) -> str:
        "Print (and return) the table of region `name` (default: the most recently created one)."
        if not self.results:
            raise RuntimeError("nothing profiled yet: run `with profiler.profile('name'): model(x)` first")
        result = self.results[name] if name is not None else list(self.results.values())[-1]
        text = f"[{result.name}]\n" + result.table(top)
        print(text)
        return text
