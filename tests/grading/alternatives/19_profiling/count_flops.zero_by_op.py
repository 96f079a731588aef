# Alternative: by_op pre-filled with 0 for every op name (the spec does not say whether ops that did not run appear),
# distinct stack names through dict.fromkeys, and the model's modules looked up by identity at charge time.
### BEGIN SOLUTION
named = list(model.named_modules())
by_module = {name: 0 for name, _ in named}
by_op = dict.fromkeys(["matmul"] + sorted({rule[0] for rule in FLOP_RULES.values()}), 0)
running = []

def on_op(op, flops, out_bytes):
    if op != "matmul" and matmul_only:
        return
    by_op[op] += flops
    for name in dict.fromkeys(running):
        by_module[name] = by_module[name] + flops

def push(module, inputs):
    running.append(next(n for n, m in named if m is module))

def pop(module, inputs, output):
    del running[-1]

handles = []
try:
    for _, m in named:
        handles.append(m.register_forward_pre_hook(push))
        handles.append(m.register_forward_hook(pop))
    with no_grad(), trace_ops(on_op):
        model(x)
finally:
    for h in handles:
        h.remove()
return FlopCount(total=int(sum(by_op.values())), by_module=by_module, by_op=by_op)
### END SOLUTION
