"parameter_bytes dedups modules but not arrays: a tied Parameter (b.weight = a.weight) or an array held by two attributes counts twice; the spec says each array once, by id."
REPLACES = "MemoryProfiler"
FAILS = ["test_memory"]


def parameter_bytes(self) -> int:
    total = 0
    for module in self.model.modules():
        for value in vars(module).values():
            for item in (value if isinstance(value, (list, tuple)) else (value,)):
                array = item.data if isinstance(item, Tensor) else item
                if isinstance(array, np.ndarray):   # BUG: no `id(array) not in seen`
                    total += int(array.nbytes)
    return total


MemoryProfiler.parameter_bytes = parameter_bytes
