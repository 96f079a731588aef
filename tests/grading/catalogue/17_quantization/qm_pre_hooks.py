# CELL: quantize_model
# EXPECT: correct
# WHY: calibrates with forward *pre*-hooks (they see the same inputs[0]) and builds the replacement dict in a loop
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
    obs = {id(l): observer() for l in linears} if observer is not None else {}
    if obs:
        handles = []
        for l in linears:
            handles.append(l.register_forward_pre_hook(lambda mod, inputs: obs[id(mod)].observe(inputs[0])))
        mode = qmodel.training
        try:
            qmodel.eval()
            with no_grad():
                for batch in batches:
                    qmodel(batch[0] if isinstance(batch, tuple) else batch)
        finally:
            for h in handles:
                h.remove()
            qmodel.train(mode)
    repl = {}
    for l in linears:
        repl[id(l)] = QuantizedLinear.from_float(l, obs.get(id(l)), per_channel=per_channel)
    replace_modules(qmodel, repl)
    return qmodel
