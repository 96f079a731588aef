# Alternative: observers paired with the Linears in a list, hooks bound with default arguments, train(False).
### BEGIN SOLUTION
qmodel = copy.deepcopy(model)
linears = [m for m in qmodel.modules() if isinstance(m, Linear)]
chosen = [None] * len(linears)
if observer is not None:
    chosen = [observer() for _ in linears]
    hooks = [lin.register_forward_hook(lambda module, inputs, output, obs=obs: obs.observe(inputs[0]))
             for lin, obs in zip(linears, chosen)]
    mode = qmodel.training
    qmodel.train(False)
    try:
        with no_grad():
            for x in calibration_inputs(batches):
                qmodel(x)
    finally:
        for hook in hooks:
            hook.remove()
        qmodel.train(mode)
replace_modules(qmodel, {id(lin): QuantizedLinear.from_float(lin, obs, per_channel)
                         for lin, obs in zip(linears, chosen)})
### END SOLUTION
