# Alternative: arrays deduplicated in a dict keyed by id, one hook closure per module name, os.getpid for RSS.
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
        ### BEGIN SOLUTION
        arrays = {}
        for module in self.model.modules():
            for value in module.__dict__.values():
                items = list(value) if isinstance(value, (list, tuple)) else [value]
                for item in items:
                    array = item.data if isinstance(item, Tensor) else item
                    if isinstance(array, np.ndarray):
                        arrays[id(array)] = array
        return sum(int(a.nbytes) for a in arrays.values())
        ### END SOLUTION

    def activation_bytes(self, *inputs) -> dict:
        "{module name: bytes of its outputs} for one forward pass `model(*inputs)` (under no_grad, summed over calls)."
        ### BEGIN SOLUTION
        sizes, handles = {}, []

        def recorder(name):
            def hook(module, args, output):
                sizes[name] += _nbytes(output)
            return hook

        try:
            for name, m in self.model.named_modules():
                sizes.setdefault(name, 0)
                handles.append(m.register_forward_hook(recorder(name)))
            with no_grad():
                self.model(*inputs)
        finally:
            for h in reversed(handles):
                h.remove()
        return sizes
        ### END SOLUTION

    @staticmethod
    def peak_bytes(fn) -> int:
        "Peak bytes allocated (tracemalloc) while `fn()` runs, above the level at its start."
        ### BEGIN SOLUTION
        was_tracing = tracemalloc.is_tracing()
        if not was_tracing:
            tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            level_before = tracemalloc.get_traced_memory()[0]
            fn()
            peak_during = tracemalloc.get_traced_memory()[1]
        finally:
            if not was_tracing:
                tracemalloc.stop()
        return int(peak_during) - int(level_before)
        ### END SOLUTION

    @staticmethod
    def rss_bytes() -> int:
        "Resident set size of this process (bytes), from the OS via psutil."
        ### BEGIN SOLUTION
        import os
        return int(psutil.Process(os.getpid()).memory_info().rss)
        ### END SOLUTION

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
