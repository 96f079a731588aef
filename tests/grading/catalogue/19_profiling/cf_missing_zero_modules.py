# CELL: count_flops
# EXPECT: wrong
# WHY: by_module only holds modules that did counted work; spec: every module name (0 if it did none)
#| export
@dataclasses.dataclass
class FlopCount:
    """FLOPs of one traced forward pass. total: all counted ops; by_module: {module name: inclusive FLOPs}
    (the model itself is ""); by_op: {op name: FLOPs} ("matmul", "add", ...)."""
    total: int
    by_module: dict
    by_op: dict


def _example_input(input_shape, dtype) -> Tensor:
    "A deterministic input: seeded standard-normal floats, or zeros for integer dtypes (e.g. token ids)."
    shape = tuple(int(d) for d in input_shape)
    if np.dtype(dtype).kind == "f":
        return Tensor(np.random.default_rng(0).standard_normal(shape).astype(dtype))
    return Tensor(np.zeros(shape, dtype=dtype))


def count_flops(model: Module, input_shape, dtype=np.float32, matmul_only: bool = False) -> FlopCount:
    """Exact FLOPs of `model(x)` for one input of `input_shape` (batch included), traced op by op.

    matmul_only=True counts matmuls only (equal to torch's FlopCounterMode); otherwise FLOP_RULES ops count too.
    """
    if not isinstance(model, Module):
        raise TypeError(f"count_flops expects a tinytorch Module, got {type(model).__name__}")
    x = _example_input(input_shape, dtype)
    names = {id(m): name for name, m in model.named_modules()}
    by_module, by_op, stack = {}, {}, []

    def on_op(op, flops, out_bytes):
        if matmul_only and op != "matmul":
            return
        by_op[op] = by_op.get(op, 0) + flops
        for name in set(stack):
            by_module[name] = by_module.get(name, 0) + flops

    def push(module, inputs):
        stack.append(names[id(module)])

    def pop(module, inputs, output):
        stack.pop()

    handles = []
    try:
        for _, m in model.named_modules():
            handles += [m.register_forward_pre_hook(push), m.register_forward_hook(pop)]
        with no_grad(), trace_ops(on_op):
            model(x)
    finally:
        for h in handles:
            h.remove()
    return FlopCount(total=sum(by_op.values()), by_module=by_module, by_op=by_op)
