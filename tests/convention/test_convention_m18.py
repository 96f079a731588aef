"""The issue-17 convention, checked on every public name of module 18 (tinytorch.optimization.compression).

Every name in `__all__` is classified in exactly one table:
(a) ARRAY_FUNCTIONS: takes arrays -> called with ndarrays, Tensors and Parameters: identical results, ndarrays out;
(b) TRANSFORMS: model -> new model, input untouched; IN_PLACE: explicitly in place (an `inplace` keyword or "in place"
    in the docstring) — checked that they do change the model, so the word is true;
(c) OTHER: the reason is given. Queries of a model are checked not to modify it.
A test asserts the tables cover `__all__` exactly, so a new public name cannot escape.
"""
import copy
import inspect

import numpy as np
import pytest

import tinytorch.optimization.compression as m18
from tinytorch.core import nn
from tinytorch.core.tensor import Tensor


def mlp(seed=0):
    nn.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 5), nn.ReLU(), nn.Linear(5, 3))


def state(model):
    return {name: p.data.copy() for name, p in model.named_parameters()}


def unchanged(before, model):
    after = state(model)
    return before.keys() == after.keys() and all(np.array_equal(before[k], after[k]) for k in before)


RNG = np.random.default_rng(18)
W = RNG.standard_normal((7, 5)).astype(np.float32)
W_SPARSE = W * (RNG.random((7, 5)) > 0.5)
X = RNG.standard_normal((3, 7)).astype(np.float32)

# name -> (array arguments, other arguments, keyword arguments)
ARRAY_FUNCTIONS = {
    "magnitude_prune": ((W,), (0.4,), {}),
    "to_csr": ((W_SPARSE,), (), {}),
    "csr_matmul": ((X,), (m18.to_csr(W_SPARSE),), {}),
    "log_softmax_np": ((X,), (), {}),
    "channels_to_keep": ((W,), (0.4,), {"norm": "l2", "axis": 1}),
}

# name -> call(model) returning the new model
TRANSFORMS = {
    "structured_prune": lambda model: m18.structured_prune(model, 0, 0.5),
    "to_csr_model": lambda model: m18.to_csr_model(model),
    "global_magnitude_prune": lambda model: m18.global_magnitude_prune(model, 0.6, inplace=False)[0],
    "StructuredPruner": lambda model: m18.StructuredPruner(0.5).prune(model),
    "MagnitudePruner": lambda model: m18.MagnitudePruner(0.6, scope="layer").prune(model)[0],
}

# explicitly in place: name -> call(model) that must change the model
X_TRAIN = RNG.standard_normal((40, 6)).astype(np.float32)
Y_TRAIN = RNG.integers(0, 3, 40)
IN_PLACE = {
    "global_magnitude_prune": lambda model: m18.global_magnitude_prune(model, 0.6, inplace=True),
    "apply_masks": lambda model: m18.apply_masks(model, {"0.weight": np.zeros((6, 8), dtype=bool)}),
    "fine_tune": lambda model: m18.fine_tune(model, {}, X_TRAIN, Y_TRAIN, epochs=1),
    "distill": lambda model: m18.distill(model, mlp(seed=1), X_TRAIN, Y_TRAIN, epochs=1),
    "KnowledgeDistillation": lambda model: m18.KnowledgeDistillation().fit(model, mlp(seed=1), (X_TRAIN, Y_TRAIN), 1),
}

# queries of a model: name -> call(model); must not modify it
QUERIES = {
    "linear_weights": m18.linear_weights,
    "weight_values": m18.weight_values,
    "measure_sparsity": m18.measure_sparsity,
    "count_nonzero_weights": m18.count_nonzero_weights,
    "next_linear": lambda model: m18.next_linear(model, 0),
    "sensitivity_scan": lambda model: m18.sensitivity_scan(model, lambda m: 1.0, sparsities=(0.5,)),
    "sparsity_pattern": m18.sparsity_pattern,
}

OTHER = {
    "check_fraction": "validates a scalar (sparsity, fraction, alpha); no array argument",
    "CSR": "a NamedTuple of ndarrays (data, indices, indptr) and a shape: the data type the CSR functions exchange",
    "csr_to_dense": "takes a CSR (a NamedTuple of ndarrays), not an array; returns an ndarray (checked below)",
    "csr_nbytes": "takes a CSR, returns an int byte count of its arrays",
    "CSRLinear": "a Module (inference layer); forward takes a Tensor or an ndarray and returns a Tensor "
                 "(checked below)",
    "MaskedOptimizer": "wraps an optimizer; step() is in place by nature (it is an optimizer step)",
    "distillation_loss": "a loss: student_logits must be a Tensor (gradients flow to it) and it returns a scalar "
                         "Tensor, like Module.forward; teacher_logits takes a Tensor or an ndarray (checked below)",
    "HeadPrunedAttention": "a Module (what prune_heads returns); forward takes and returns Tensors like "
                           "MultiHeadAttention",
    "prune_conv_channels": "a transform of a CNN (a Sequential with Conv2d): new model, input untouched (checked "
                           "below on the shipped CNN)",
    "prune_heads": "a transform of one MultiHeadAttention: a new layer, input untouched (checked below)",
    "prune_mlp_neurons": "a transform of one transformer MLP: a new layer, input untouched (checked below)",
    "SensitivityScan": "the dict type sensitivity_scan returns ({layer: [(sparsity, metric)]} + sizes, baseline)",
    "choose_layer_sparsities": "takes a scan (a dict of Python floats), returns {layer: sparsity}; no array",
    "plot_sensitivity": "plots a scan; returns a matplotlib Axes",
    "plot_sparsity_pattern": "plots a sparsity_pattern dict; returns a matplotlib Figure",
}
OTHER.update({name: "a query of a model (checked not to modify it)" for name in QUERIES})
OTHER.update({name: "explicitly in place (checked)" for name in IN_PLACE if name not in TRANSFORMS})


def test_the_tables_cover_all_exactly():
    classified = set(ARRAY_FUNCTIONS) | set(TRANSFORMS) | set(OTHER)
    assert classified == set(m18.__all__), (f"unclassified: {sorted(set(m18.__all__) - classified)}; "
                                            f"not public: {sorted(classified - set(m18.__all__))}")
    assert not set(ARRAY_FUNCTIONS) & set(OTHER) and not set(TRANSFORMS) & set(ARRAY_FUNCTIONS)


def as_kind(array, kind):
    if kind == "ndarray":
        return array
    return Tensor(array.copy()) if kind == "Tensor" else nn.Parameter(array.copy())


def flat_arrays(result):
    "The ndarrays of a result: the array itself, or the array fields of a NamedTuple such as CSR."
    return [v for v in result if isinstance(v, np.ndarray)] if isinstance(result, tuple) else [result]


@pytest.mark.parametrize("name", sorted(ARRAY_FUNCTIONS))
def test_array_functions_take_ndarrays_tensors_and_parameters(name):
    arrays, others, kwargs = ARRAY_FUNCTIONS[name]
    fn = getattr(m18, name)
    results = {kind: fn(*[as_kind(a, kind) for a in arrays], *others, **kwargs)
               for kind in ("ndarray", "Tensor", "Parameter")}
    reference = flat_arrays(results["ndarray"])
    assert reference and all(type(a) is np.ndarray for a in reference)
    for kind, result in results.items():
        got = flat_arrays(result)
        assert all(type(a) is np.ndarray for a in got), f"{name}({kind}) must return ndarrays, got {type(result)}"
        assert len(got) == len(reference) and all(np.array_equal(g, r) for g, r in zip(got, reference)), \
            f"{name}({kind}) differs from {name}(ndarray)"
    assert "ndarray" in (fn.__doc__ or ""), f"{name}'s docstring must say it returns an ndarray"


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_transforms_return_a_new_model_and_leave_the_input_untouched(name):
    model = mlp()
    before = state(model)
    result = TRANSFORMS[name](model)
    assert isinstance(result, nn.Module) and result is not model
    assert unchanged(before, model), f"{name} modified its input"
    assert not ({id(p.data) for p in result.parameters()} & {id(p.data) for p in model.parameters()}), \
        f"{name}'s result shares arrays with its input"


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_in_place_functions_say_so_and_do_it(name):
    fn = getattr(m18, name)
    signature = inspect.signature(fn)
    if "inplace" in signature.parameters:
        assert signature.parameters["inplace"].default is True
    else:
        assert "in place" in fn.__doc__, f"{name} changes its model: its docstring must say 'in place'"
    model = mlp()
    before = state(model)
    IN_PLACE[name](model)
    assert not unchanged(before, model), f"{name} is documented as in place but left the model unchanged"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_do_not_modify_the_model(name):
    model = mlp()
    m18.global_magnitude_prune(model, 0.5)
    before = copy.deepcopy(state(model))
    QUERIES[name](model)
    assert unchanged(before, model)


def test_the_other_names_behave_as_their_reason_says():
    csr = m18.to_csr(W_SPARSE)
    dense = m18.csr_to_dense(csr)
    assert type(dense) is np.ndarray and np.array_equal(dense, W_SPARSE)
    layer = m18.CSRLinear(mlp()[0])
    assert isinstance(layer(Tensor(X[:, :6])), Tensor) and isinstance(layer(X[:, :6]), Tensor)
    np.testing.assert_array_equal(layer(Tensor(X[:, :6])).data, layer(X[:, :6]).data)
    student = Tensor(X.copy(), requires_grad=True)
    teacher = RNG.standard_normal(X.shape).astype(np.float32)
    labels = np.array([0, 1, 2])
    with_array = m18.distillation_loss(student, teacher, labels)
    with_tensor = m18.distillation_loss(student, Tensor(teacher), labels)
    assert isinstance(with_array, Tensor) and with_array.item() == with_tensor.item()


def test_the_layer_transforms_return_new_layers_and_leave_their_input_untouched():
    from tinytorch.core.transformer import TinyGPT, load_digits_cnn
    cnn = load_digits_cnn()
    before = state(cnn)
    small = m18.prune_conv_channels(cnn, 1, 0.5)
    assert unchanged(before, cnn) and small is not cnn and small[1].out_channels == 4
    nn.manual_seed(0)
    gpt = TinyGPT(12, d_model=16, n_heads=4, n_layers=1, max_len=8)
    block = gpt.blocks[0]
    for fn, layer in ((m18.prune_heads, block.attn), (m18.prune_mlp_neurons, block.mlp)):
        before = state(layer)
        result = fn(layer, 0.5)
        assert result is not layer and unchanged(before, layer), f"{fn.__name__} modified its input"
        assert not ({id(p.data) for p in result.parameters()} & {id(p.data) for p in layer.parameters()})
