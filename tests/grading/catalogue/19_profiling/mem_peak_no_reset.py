# CELL: memory_profiler
# EXPECT: wrong
# WHY: does not reset_peak(): an earlier, higher peak of an already-running trace is reported
#| export
def _nbytes(obj) -> int:
    "Bytes of the arrays in `obj`: a Tensor, an ndarray, or a (nested) tuple/list/dict of them; anything else is 0."
    if isinstance(obj, Tensor):
        return int(obj.data.nbytes)
    if isinstance(obj, np.ndarray):
        return int(obj.nbytes)
    if isinstance(obj, (tuple, list)):
        return sum(_nbytes(o) for o in obj)
    if isinstance(obj, dict):
        return sum(_nbytes(o) for o in obj.values())
    return 0


def _is_leaf(module: Module) -> bool:
    return next(iter(module.named_children()), None) is None


class MemoryProfiler:
    "Parameter bytes, activation bytes per layer, peak traced allocation and process RSS of a model."

    def __init__(self, model: Module):
        if not isinstance(model, Module):
            raise TypeError(f"MemoryProfiler expects a tinytorch Module, got {type(model).__name__}")
        self.model = model

    def parameter_bytes(self) -> int:
        "Bytes of every distinct array (Parameter, Tensor buffer or ndarray) held by the model's modules."
        seen, total = set(), 0
        for module in self.model.modules():
            for value in vars(module).values():
                for item in (value if isinstance(value, (list, tuple)) else (value,)):
                    array = item.data if isinstance(item, Tensor) else item
                    if isinstance(array, np.ndarray) and id(array) not in seen:
                        seen.add(id(array))
                        total += int(array.nbytes)
        return total

    def activation_bytes(self, *inputs) -> dict:
        "{module name: bytes of its outputs} for one forward pass `model(*inputs)` (under no_grad, summed over calls)."
        names = {id(m): name for name, m in self.model.named_modules()}
        sizes = {name: 0 for name in names.values()}

        def record(module, args, output):
            sizes[names[id(module)]] += _nbytes(output)

        handles = []
        try:
            for _, m in self.model.named_modules():
                handles.append(m.register_forward_hook(record))
            with no_grad():
                self.model(*inputs)
        finally:
            for h in handles:
                h.remove()
        return sizes

    @staticmethod
    def peak_bytes(fn) -> int:
        "Peak bytes allocated (tracemalloc) while `fn()` runs, above the level at its start."
        started_here = not tracemalloc.is_tracing()
        if started_here:
            tracemalloc.start()
        try:
            baseline, _ = tracemalloc.get_traced_memory()
            fn()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            if started_here:
                tracemalloc.stop()
        return int(peak - baseline)

    @staticmethod
    def rss_bytes() -> int:
        "Resident set size of this process (bytes), from the OS via psutil."
        return int(psutil.Process().memory_info().rss)

    def profile(self, *inputs) -> dict:
        "All four numbers for one forward pass; activation bytes are summed over leaf modules (no double counting)."
        per_layer = self.activation_bytes(*inputs)
        leaves = {name for name, m in self.model.named_modules() if _is_leaf(m)}

        def forward():
            with no_grad():
                self.model(*inputs)

        return {"parameter_bytes": self.parameter_bytes(),
                "activation_bytes": sum(b for name, b in per_layer.items() if name in leaves),
                "peak_bytes": self.peak_bytes(forward), "rss_bytes": self.rss_bytes()}
