# Alternative: observers paired with the Linears in a list, hooks bound with default arguments, train(False).
#| export
def quantize_model(model: Module, calibration_batches=None, observer=MinMaxObserver, per_channel: bool = True):
    """A copy of `model` with every Linear replaced by a QuantizedLinear; `model` itself is not modified.

    observer: zero-argument factory making one observer per Linear (static mode, needs calibration_batches),
    or None for dynamic mode. calibration_batches: iterable of model inputs or (x, y) tuples.
    """
    batches = list(calibration_batches) if calibration_batches is not None else []
    if observer is not None and not batches:
        raise ValueError("quantize_model: static quantization needs calibration batches "
                         "(or pass observer=None for dynamic quantization)")
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
    return qmodel
    ### END SOLUTION
