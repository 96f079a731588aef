# CELL: quantize_model
# EXPECT: wrong
# WHY: always builds observers with observer(): dynamic mode (observer=None) raises TypeError instead of quantizing without calibration
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
    qmodel = copy.deepcopy(model)
    linears = [m for m in qmodel.modules() if isinstance(m, Linear)]
    observers = {}
    if True:
        observers = {id(lin): observer() for lin in linears}
        handles = [lin.register_forward_hook(lambda module, inputs, output: observers[id(module)].observe(inputs[0]))
                   for lin in linears]
        was_training = qmodel.training
        qmodel.eval()
        try:
            with no_grad():
                for x in calibration_inputs(batches):
                    qmodel(x)
        finally:
            for handle in handles:
                handle.remove()
            qmodel.train(was_training)
    replacements = {id(lin): QuantizedLinear.from_float(lin, observers.get(id(lin)), per_channel)
                    for lin in linears}
    replace_modules(qmodel, replacements)
    return qmodel
