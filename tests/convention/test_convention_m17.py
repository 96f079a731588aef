"""Issue 17's convention, checked on every public name of module 17 (tinytorch.optimization.quantization).

Every name in `__all__` is in exactly one table:
  ARRAY_FUNCTIONS  (a) takes arrays: called with ndarrays, with Tensors and with Parameters (float arrays only; a
                   Parameter is float) -> identical results, and no Tensor comes back where an array is returned;
  TRANSFORMS       (b) takes a model: returns a new model and leaves its input untouched, or is explicitly in place;
  OTHER            (c) anything else, with the reason.
A test asserts the three tables cover `__all__` exactly, so a new public name cannot escape the convention.
"""
import copy

import numpy as np
import pytest

import tinytorch.optimization.quantization as m17
from tinytorch.core.nn import Conv2d, Flatten, Linear, Module, Parameter, ReLU, Sequential, manual_seed
from tinytorch.core.tensor import Tensor

RNG = np.random.default_rng(17)
X = RNG.normal(0.2, 1.0, size=(6, 5)).astype(np.float32)
Q = RNG.integers(-128, 128, size=(6, 5)).astype(np.int8)
B = RNG.integers(-127, 128, size=(5, 4)).astype(np.int8)
SCALES = np.array([0.5, 0.25, 1.0, 2.0, 0.125], np.float32)
ZPS = np.array([0, 1, -2, 3, 0], np.int32)
BIG = np.array([3, -7, 2 ** 20], np.int64)
LOW, HIGH = np.array(-1.5, np.float32), np.array(2.25, np.float32)
Q4 = RNG.integers(-8, 8, size=(3, 4)).astype(np.int8)           # int4 codes, packed along the last axis
PACKED = RNG.integers(0, 256, size=(2, 3)).astype(np.uint8)
W4 = RNG.normal(0, 0.5, size=(8, 3)).astype(np.float32)
SCALES16 = np.array([[0.5, 0.25, 1.0]], np.float16)


def as_ndarray(a):
    return a


def as_tensor(a):
    return Tensor(a)


def as_parameter(a):
    "Parameters hold floats: integer arrays (codes) stay Tensors in the Parameter run."
    return Parameter(a) if a.dtype.kind == "f" else Tensor(a)


def observed(observer_class):
    def call(wrap):
        obs = observer_class()
        obs.observe(wrap(X))
        obs.observe(wrap(X * 3))
        return obs.qparams()
    return call


# (a) array functions: name -> call(wrap), wrap applied to every array argument
ARRAY_FUNCTIONS = {
    "as_float_array": lambda w: m17.as_float_array(w(X), "test"),
    "compute_qparams": lambda w: m17.compute_qparams(w(LOW), w(HIGH)),                  # 0-d arrays
    "quantize": lambda w: m17.quantize(w(X), 0.05, 3),
    "dequantize": lambda w: m17.dequantize(w(Q), 0.05, 3),
    "quantize_per_channel": lambda w: m17.quantize_per_channel(w(X), 1),
    "dequantize_per_channel": lambda w: m17.dequantize_per_channel(w(Q), w(SCALES), w(ZPS), 1),
    "int8_matmul_exact": lambda w: m17.int8_matmul_exact(w(Q), w(B)),
    "to_int32": lambda w: m17.to_int32(w(BIG), "test"),
    "sparse_int8_nbytes": lambda w: m17.sparse_int8_nbytes(w(Q)),
    "pack_int4": lambda w: m17.pack_int4(w(Q4)),
    "unpack_int4": lambda w: m17.unpack_int4(w(PACKED), 5),
    "quantize_groups": lambda w: m17.quantize_groups(w(W4), 4, 4),
    "dequantize_groups": lambda w: m17.dequantize_groups(w(Q4.T.copy()), w(SCALES16), 4),
    "MinMaxObserver": observed(m17.MinMaxObserver),                                      # .observe(x)
    "PercentileObserver": observed(m17.PercentileObserver),                              # .observe(x)
}

# (b) model transforms: name -> "new" (returns a new model, input untouched) or "in place" (documented as such)
TRANSFORMS = {
    "quantize_model": "new",
    "linear_equivalents": "new",           # returns the input itself when nothing needs converting, never modifies it
    "store_sparse_layers": "in place",     # quantize_model's step on its own fresh copy; the docstring says in place
    "replace_modules": "in place",         # model surgery helper; the docstring says in place
    # quantize_model's / Quantizer's step on a fresh copy; its docstring says in place
    "swap_layers": "in place",
    "quantize_model_int4": "new",          # a new model unless inplace=True (documented; tested below)
    "prepare_qat": "new",                  # a new model unless inplace=True (documented; tested below)
}

# (c) everything else, and why
OTHER = {
    "INT8_MIN": "constant", "INT8_MAX": "constant", "FLOAT32_EXACT_INTS": "constant", "INT32_SAFE_K": "constant",
    "WEIGHT_QMAX": "constant", "FLOAT_KEPT_KINDS": "constant (layer classes)", "SPARSE_CHOICES": "constant",
    "check_qrange": "validates Python ints", "check_int8_range": "validates Python ints",
    "check_sparse_choice": "validates a keyword value",
    "channel_shape": "ints -> shape tuple", "normalize_axis": "ints -> int", "exact_chunk_size": "ints -> int",
    "forward_passes": "layers + x -> dict of callables for core.timing.median_times (notebook measurement)",
    "calibration_inputs": "yields model inputs from calibration batches (passes them through unchanged)",
    "own_arrays": "a module -> attribute names",
    "weight_codes": "a layer -> its dense int8 codes ndarray (tested in test_weight_codes_returns_ndarray)",
    "model_size_bytes": "a model -> int bytes (tested in tests/optimization/test_quantization_stacking.py)",
    "QuantizedLinear": "a Module: forward takes ndarray/Tensor/Parameter, returns a Tensor (tested below)",
    "SparseQuantizedLinear": "a Module: forward takes ndarray/Tensor/Parameter, returns a Tensor (tested below)",
    "QuantizedConv2d": "a Module: forward takes ndarray/Tensor/Parameter, returns a Tensor (tested below)",
    "QUANTIZED_KINDS": "constant (layer class -> quantized class)",
    "quantizable_layers": "a model -> {dotted name: layer}; reads only (tested below)",
    "observe_layers": "a model + batches -> {dotted name: observer}; calibrates a copy, the model untouched (below)",
    "Quantizer": "a class: calibrate(model, batches) -> self, convert(model) -> a NEW model (tested below)",
    "INT4_MIN": "constant", "INT4_MAX": "constant", "FLOAT16_MAX": "constant",
    "INT4_PAIRS": "constant (lookup table)", "INT4_PAIR_BITS": "constant (lookup table)",
    "INT4_KEPT_KINDS": "constant (layer classes)",
    "check_group_args": "validates Python ints",
    "check_int4_model": "a model -> None or ValueError; reads only (tested below)",
    "Int4Linear": "a Module: forward takes ndarray/Tensor/Parameter, returns a Tensor (tested below)",
    "int4_paths": "layers + x -> dict of callables for core.timing.median_times (notebook measurement)",
    "fake_quantize": "a Tensor op: takes ndarray/Tensor/Parameter, returns a Tensor with a gradient (tested below)",
    "QATLinear": "a Module: forward takes ndarray/Tensor/Parameter, returns a Tensor (tested below)",
}


def test_tables_cover_all_exactly():
    tables = [set(ARRAY_FUNCTIONS), set(TRANSFORMS), set(OTHER)]
    assert not (tables[0] & tables[1] or tables[0] & tables[2] or tables[1] & tables[2]), "a name in two tables"
    assert set.union(*tables) == set(m17.__all__), (
        f"unclassified: {sorted(set(m17.__all__) - set.union(*tables))}, "
        f"not public: {sorted(set.union(*tables) - set(m17.__all__))}")


def assert_same(a, b, where):
    if isinstance(a, (tuple, list)):
        assert type(a) is type(b) and len(a) == len(b), where
        for x, y in zip(a, b):
            assert_same(x, y, where)
    elif isinstance(a, np.ndarray):
        assert type(b) is np.ndarray, f"{where}: returned {type(b).__name__}, expected an ndarray"
        assert a.dtype == b.dtype and np.array_equal(a, b), where
    else:
        assert not isinstance(b, Tensor), f"{where}: returned a Tensor"
        assert a == b and type(a) is type(b), where


@pytest.mark.parametrize("name", sorted(ARRAY_FUNCTIONS))
def test_array_function_takes_tensor_parameter_ndarray(name):
    call = ARRAY_FUNCTIONS[name]
    reference = call(as_ndarray)
    if isinstance(reference, np.ndarray) or (isinstance(reference, tuple) and
                                             any(isinstance(r, np.ndarray) for r in reference)):
        first = reference[0] if isinstance(reference, tuple) else reference
        assert type(first) is np.ndarray
    for wrap in (as_tensor, as_parameter):
        assert_same(reference, call(wrap), f"{name} with {wrap.__name__}")


def test_array_functions_do_not_modify_their_inputs():
    before = [a.copy() for a in (X, Q, B, SCALES, ZPS, BIG)]
    for call in ARRAY_FUNCTIONS.values():
        for wrap in (as_ndarray, as_tensor, as_parameter):
            call(wrap)
    for a, b in zip((X, Q, B, SCALES, ZPS, BIG), before):
        assert np.array_equal(a, b)


def snapshot(model):
    return [(name, type(mod), {k: (v.data.copy() if isinstance(v, Tensor) else copy.copy(v))
                               for k, v in vars(mod).items() if k not in ("_forward_hooks", "_forward_pre_hooks")})
            for name, mod in model.named_modules()]


def assert_snapshot_equal(a, b):
    assert [(n, t) for n, t, _ in a] == [(n, t) for n, t, _ in b]
    for (_, _, va), (_, _, vb) in zip(a, b):
        assert va.keys() == vb.keys()
        for key in va:
            if isinstance(va[key], np.ndarray):
                assert np.array_equal(va[key], vb[key])


class Denseable(Module):
    "Has a to_linear(): linear_equivalents must convert it in a copy."

    def __init__(self):
        super().__init__()
        self.w, self.b = np.ones((4, 3), np.float32), np.zeros(3, np.float32)

    def forward(self, x):
        return Tensor(np.asarray(x) @ self.w + self.b)

    def to_linear(self):
        layer = Linear(4, 3)
        layer.weight.data[...], layer.bias.data[...] = self.w, self.b
        return layer


def test_transforms_new_or_explicitly_in_place():
    manual_seed(0)
    x = RNG.normal(size=(8, 4)).astype(np.float32)
    model = Sequential(Linear(4, 4), ReLU(), Linear(4, 2))
    before = snapshot(model)
    q = m17.quantize_model(model, [x])
    assert q is not model and q[0] is not model[0]
    assert_snapshot_equal(before, snapshot(model))

    with_denseable = Sequential(Denseable(), ReLU())
    before = snapshot(with_denseable)
    converted = m17.linear_equivalents(with_denseable)
    assert converted is not with_denseable and type(converted[0]) is Linear
    assert_snapshot_equal(before, snapshot(with_denseable))
    assert m17.linear_equivalents(model) is model                     # nothing to convert: the same, untouched

    work = copy.deepcopy(q)
    assert m17.store_sparse_layers(work, True) is work                 # in place, as documented
    assert type(work[0]) is m17.SparseQuantizedLinear
    assert "in place" in m17.store_sparse_layers.__doc__.lower()
    assert "in place" in m17.replace_modules.__doc__.lower()
    holder = Sequential(Linear(2, 2))
    new = Linear(2, 2)
    m17.replace_modules(holder, {id(holder[0]): new})
    assert holder[0] is new


@pytest.mark.parametrize("sparse", [False, True])
def test_quantized_layers_take_ndarray_tensor_parameter_and_return_tensors(sparse):
    manual_seed(1)
    layer = m17.QuantizedLinear.from_float(Linear(5, 3), None)
    if sparse:
        layer = m17.SparseQuantizedLinear.from_quantized(layer)
    outs = [layer(wrap(X)) for wrap in (as_ndarray, as_tensor, as_parameter)]
    assert all(type(o) is Tensor for o in outs)
    assert all(np.array_equal(outs[0].data, o.data) for o in outs[1:])


def test_weight_codes_returns_ndarray():
    manual_seed(2)
    layer = m17.QuantizedLinear.from_float(Linear(5, 3), None)
    for lay in (layer, m17.SparseQuantizedLinear.from_quantized(layer)):
        codes = m17.weight_codes(lay)
        assert type(codes) is np.ndarray and codes.dtype == np.int8 and codes.shape == (5, 3)


def test_array_function_docstrings_say_what_they_return():
    for name in ("quantize", "dequantize", "quantize_per_channel", "dequantize_per_channel", "int8_matmul_exact",
                 "pack_int4", "unpack_int4", "quantize_groups", "dequantize_groups"):
        assert "ndarray" in getattr(m17, name).__doc__, name


def test_conv_layer_takes_ndarray_tensor_parameter_and_returns_tensors():
    manual_seed(3)
    x = RNG.normal(0.3, 1.0, size=(2, 2, 5, 5)).astype(np.float32)
    obs = m17.MinMaxObserver()
    obs.observe(x)
    for layer in (m17.QuantizedConv2d.from_float(Conv2d(2, 3, 3, padding=1), None),
                  m17.QuantizedConv2d.from_float(Conv2d(2, 3, 3, padding=1), obs)):
        outs = [layer(wrap(x)) for wrap in (as_ndarray, as_tensor, as_parameter)]
        assert all(type(o) is Tensor for o in outs)
        assert all(np.array_equal(outs[0].data, o.data) for o in outs[1:])
        acc, _, _ = layer.accumulator(x)
        assert type(acc) is np.ndarray and acc.dtype == np.int32


def test_cnn_helpers_and_quantizer_leave_the_model_untouched():
    manual_seed(4)
    x = RNG.normal(size=(4, 1, 6, 6)).astype(np.float32)
    model = Sequential(Conv2d(1, 2, 3, padding=1), ReLU(), Flatten(), Linear(72, 3))
    before = snapshot(model)
    assert set(m17.quantizable_layers(model)) == {"0", "3"}
    observers = m17.observe_layers(model, [x], m17.MinMaxObserver)
    assert set(observers) == {"0", "3"} and not model[0].__dict__.get("_forward_hooks")
    quantizer = m17.Quantizer().calibrate(model, [x])
    q = quantizer.convert(model)
    assert q is not model and type(q[0]) is m17.QuantizedConv2d and type(q[3]) is m17.QuantizedLinear
    assert type(m17.quantize_model(model, [x])[0]) is m17.QuantizedConv2d
    assert_snapshot_equal(before, snapshot(model))
    work = copy.deepcopy(model)
    assert m17.swap_layers(work, observers) is work and type(work[0]) is m17.QuantizedConv2d    # in place
    assert "in place" in m17.swap_layers.__doc__.lower()


def test_int4_transforms_new_or_in_place_and_layers_take_arrays():
    manual_seed(5)
    model = Sequential(Linear(32, 8), ReLU(), Linear(8, 3))   # the second layer: group_size 8 only
    before = snapshot(model)
    for transform in (m17.quantize_model_int4, m17.prepare_qat):
        new = transform(model, group_size=8)
        assert new is not model and new[0] is not model[0]
        assert_snapshot_equal(before, snapshot(model))
        assert "inplace=true" in transform.__doc__.lower().replace(" ", "")
    work = copy.deepcopy(model)
    assert m17.quantize_model_int4(work, group_size=8, inplace=True) is work and type(work[0]) is m17.Int4Linear
    qat = m17.prepare_qat(model, bits=3, group_size=8)
    assert type(qat[0]) is m17.QATLinear and type(m17.quantize_model_int4(qat, 8, 3)[0]) is m17.Int4Linear
    with pytest.raises(ValueError, match="Conv2d"):
        m17.check_int4_model(Sequential(Conv2d(1, 2, 3), ReLU()))
    x = RNG.normal(size=(4, 32)).astype(np.float32)
    for layer in (m17.Int4Linear.from_float(model[0]), m17.QATLinear(model[0])):
        outs = [layer(wrap(x)) for wrap in (as_ndarray, as_tensor, as_parameter)]
        assert all(type(o) is Tensor for o in outs)
        assert all(np.array_equal(outs[0].data, o.data) for o in outs[1:])
    w = RNG.normal(size=(32, 3)).astype(np.float32)
    outs = [m17.fake_quantize(wrap(w)) for wrap in (as_ndarray, as_tensor, as_parameter)]
    assert all(type(o) is Tensor and o.dtype == np.float32 for o in outs)
    assert all(np.array_equal(outs[0].data, o.data) for o in outs[1:])
