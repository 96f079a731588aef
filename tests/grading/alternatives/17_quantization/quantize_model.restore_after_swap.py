# Alternative: the copy switched to eval mode right after deepcopy and given back the original's mode only at the
# very end, after the swap (so the new QuantizedLinears get that mode too); hooks removed in a finally block.
### BEGIN SOLUTION
qmodel = copy.deepcopy(model).eval()
observers = {}
if observer is not None:
    handles = []
    for module in qmodel.modules():
        if isinstance(module, Linear):
            observers[id(module)] = observer()
            handles.append(module.register_forward_hook(
                lambda mod, inputs, output: observers[id(mod)].observe(inputs[0])))
    try:
        with no_grad():
            for x in calibration_inputs(batches):
                qmodel(x)
    finally:
        for handle in handles:
            handle.remove()
swaps = {id(m): QuantizedLinear.from_float(m, observers.get(id(m)), per_channel)
         for m in qmodel.modules() if isinstance(m, Linear)}
replace_modules(qmodel, swaps)
qmodel.train(model.training)
### END SOLUTION
