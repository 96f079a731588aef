# Alternative: a depth counter per module name instead of a stack of names.
### BEGIN SOLUTION
names = {id(m): name for name, m in model.named_modules()}
by_module = dict.fromkeys(names.values(), 0)
depth = dict.fromkeys(names.values(), 0)
by_op = {}

def on_op(op, flops, out_bytes):
    if matmul_only and op != "matmul":
        return
    by_op[op] = by_op.get(op, 0) + flops
    for name, running in depth.items():
        if running:
            by_module[name] += flops

def enter(module, inputs):
    depth[names[id(module)]] += 1

def leave(module, inputs, output):
    depth[names[id(module)]] -= 1

hooks = []
try:
    for _, m in model.named_modules():
        hooks.append(m.register_forward_pre_hook(enter))
        hooks.append(m.register_forward_hook(leave))
    with no_grad():
        with trace_ops(on_op):
            model(x)
finally:
    while hooks:
        hooks.pop().remove()
return FlopCount(total=sum(by_op.values()), by_module=by_module, by_op=by_op)
### END SOLUTION
