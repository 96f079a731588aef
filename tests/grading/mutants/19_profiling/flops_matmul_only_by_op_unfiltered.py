"with matmul_only=True, count_flops still records the skipped ops in by_op; the spec says a skipped op counts nowhere (not in by_op, by_module or total)."
REPLACES = "count_flops"
FAILS = ['test_flops']


def count_flops(model: Module, input_shape, dtype=np.float32, matmul_only: bool = False) -> FlopCount:
    """Exact FLOPs of `model(x)` for one input of `input_shape` (batch included), traced op by op.

    matmul_only=True counts matmuls only (equal to torch's FlopCounterMode); otherwise FLOP_RULES ops count too.
    """
    if not isinstance(model, Module):
        raise TypeError(f"count_flops expects a tinytorch Module, got {type(model).__name__}")
    x = _example_input(input_shape, dtype)
    names = {id(m): name for name, m in model.named_modules()}
    by_module, by_op, stack = {name: 0 for name in names.values()}, {}, []

    def on_op(op, flops, out_bytes):
        by_op[op] = by_op.get(op, 0) + flops   # BUG: recorded before the matmul_only filter
        if matmul_only and op != "matmul":
            return
        for name in set(stack):
            by_module[name] += flops

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
    return FlopCount(total=by_module[""], by_module=by_module, by_op=by_op)
