"""tinytorch.core.tensor: construction, dtypes, every op's gradient (finite differences), no_grad, matmul hook."""
import math
import sys

import numpy as np
import pytest

from _gradcheck import check_gradients
from tinytorch.core import tensor as T
from tinytorch.core.tensor import (Tensor, concat, gelu, get_matmul_kernel, is_grad_enabled, log_softmax, no_grad,
                                   relu, set_matmul_kernel, softmax, stack, use_matmul_kernel)

RNG = np.random.default_rng(1234)


def randn(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


def away_from_zero(*shape, seed=0):
    "Values with |x| >= 0.1, so relu's kink is never within a finite-difference step."
    x = randn(*shape, seed=seed)
    return np.where(np.abs(x) < 0.1, np.sign(x) * 0.1 + x, x) + 0.0


def positive(*shape, seed=0):
    return np.abs(randn(*shape, seed=seed)) + 0.5


# ---------------------------------------------------------------------------------------------------------------
# construction and attributes
# ---------------------------------------------------------------------------------------------------------------
def test_python_data_becomes_float32_unless_dtype_given():
    assert Tensor(3).dtype == np.float32
    assert Tensor([[1, 2], [3, 4]]).dtype == np.float32
    assert Tensor(2.5).dtype == np.float32
    assert Tensor([1, 2], dtype=np.int32).dtype == np.int32
    assert Tensor([1, 2], dtype=np.float64).dtype == np.float64


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.float16, np.float32, np.float64])
def test_ndarray_keeps_its_dtype_without_copy(dtype):
    arr = np.arange(6, dtype=dtype).reshape(2, 3)
    t = Tensor(arr)
    assert t.dtype == dtype
    assert t.data is arr or np.shares_memory(t.data, arr)


def test_explicit_dtype_converts_an_ndarray():
    t = Tensor(np.arange(3, dtype=np.int64), dtype=np.float32)
    assert t.dtype == np.float32 and t.data.tolist() == [0.0, 1.0, 2.0]


def test_only_floating_tensors_can_require_grad():
    with pytest.raises(TypeError, match="floating"):
        Tensor(np.array([1, 2], dtype=np.int8), requires_grad=True)
    assert Tensor(np.zeros(2, np.float16), requires_grad=True).requires_grad


def test_non_numeric_data_is_rejected():
    with pytest.raises(TypeError, match="numeric"):
        Tensor([object()])
    with pytest.raises(TypeError, match="numeric"):
        Tensor([[1.0, 2.0], [3.0]])


def test_attributes_and_conversions():
    t = Tensor(np.arange(12, dtype=np.float32).reshape(3, 4), requires_grad=True)
    assert t.shape == (3, 4) and t.ndim == 2 and t.size == 12 and len(t) == 3
    assert t.numpy() is t.data
    assert Tensor(7.0).item() == 7.0 and isinstance(Tensor(7.0).item(), float)
    assert float(Tensor([2.5])) == 2.5
    assert bool(Tensor(1.0)) and not bool(Tensor(0.0))
    text = repr(t)
    assert "shape=(3, 4)" in text and "float32" in text and "requires_grad=True" in text
    with pytest.raises(TypeError):
        len(Tensor(1.0))


def test_detach_shares_data_and_leaves_graph():
    x = Tensor(randn(3), requires_grad=True)
    d = (x * 2).detach()
    assert not d.requires_grad and d._parents == ()
    x2 = Tensor(randn(3))
    assert x2.detach().data is x2.data


def test_ndarray_on_the_left_gives_a_tensor():
    x = Tensor(randn(3), requires_grad=True)
    for y in (np.ones(3) + x, np.ones(3) * x, np.ones(3) - x, np.ones(3) / (x * x + 1), np.eye(3) @ x):
        assert isinstance(y, Tensor) and y.requires_grad


# ---------------------------------------------------------------------------------------------------------------
# backward() mechanics
# ---------------------------------------------------------------------------------------------------------------
def test_backward_defaults_to_ones_for_a_scalar_and_needs_grad_otherwise():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, [2.0, 4.0, 6.0])
    y = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="single-element"):
        (y * 3).backward()
    (y * 3).backward(np.array([1.0, 10.0]))
    np.testing.assert_allclose(y.grad, [3.0, 30.0])
    with pytest.raises(ValueError, match=r"expected grad of shape \(2,\), got \(3,\)"):
        (y * 3).backward(np.ones(3))


def test_backward_on_a_constant_raises():
    with pytest.raises(RuntimeError, match="does not require grad"):
        Tensor([1.0]).sum().backward()


def test_gradients_accumulate_and_zero_grad_resets():
    x = Tensor([1.0, -2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad, [6.0, 6.0])
    x.zero_grad()
    assert x.grad is None


def test_reused_tensor_sums_all_paths():
    # f = x*x + exp(x) + x: the three uses of x must add up: f' = 2x + e^x + 1
    x = Tensor([0.5, -1.0], requires_grad=True)
    (x * x + x.exp() + x).sum().backward()
    np.testing.assert_allclose(x.grad, 2 * x.data + np.exp(x.data) + 1, rtol=1e-6)


def test_leaf_grads_are_private_copies():
    # a + b passes g to both parents unchanged; an in-place update of one grad must not change the other
    a, b = Tensor(np.ones(3), requires_grad=True), Tensor(np.ones(3), requires_grad=True)
    (a + b).sum().backward()
    a.grad *= 5
    np.testing.assert_allclose(b.grad, np.ones(3))
    a.grad += 1  # writable (not a read-only broadcast view)


def test_constant_inputs_get_no_grad_and_intermediates_keep_none():
    x, c = Tensor(randn(3), requires_grad=True), Tensor(randn(3))
    h = x * c
    h.sum().backward()
    assert c.grad is None and h.grad is None and x.grad is not None


def test_long_chain_does_not_hit_the_recursion_limit():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(sys.getrecursionlimit() + 500):
        y = y + 1.0
    y.backward()
    assert x.grad == 1.0


# ---------------------------------------------------------------------------------------------------------------
# gradient checks: every differentiable op against central finite differences (float64)
# ---------------------------------------------------------------------------------------------------------------
CAUSAL = np.triu(np.ones((4, 4), dtype=bool), k=1)  # True above the diagonal = future positions

GRAD_CASES = {
    # elementwise arithmetic, with broadcasting in both directions
    "add (3,4)+(4,)": (lambda a, b: a + b, [randn(3, 4), randn(4, seed=1)]),
    "add (2,1,3)+(1,5,3)": (lambda a, b: a + b, [randn(2, 1, 3), randn(1, 5, 3, seed=1)]),
    "sub (4,)-(3,4)": (lambda a, b: a - b, [randn(4), randn(3, 4, seed=1)]),
    "mul (2,1,3)*(1,5,3)": (lambda a, b: a * b, [randn(2, 1, 3), randn(1, 5, 3, seed=1)]),
    "mul (3,1)*(1,4)": (lambda a, b: a * b, [randn(3, 1), randn(1, 4, seed=1)]),
    "div (3,4)/(4,)": (lambda a, b: a / b, [randn(3, 4), positive(4, seed=1)]),
    "div (2,1)/(2,3)": (lambda a, b: a / b, [randn(2, 1), positive(2, 3, seed=1)]),
    "scalar ops": (lambda a: 2.0 - a * 3 + 1.5 / (a * a + 1) - a / 4 + 0.5, [randn(3, 2)]),
    "ndarray constant": (lambda a: (a + np.arange(3.0)) * np.linspace(1, 2, 3), [randn(2, 3)]),
    "neg": (lambda a: -a, [randn(2, 3)]),
    "pow 2": (lambda a: a ** 2, [randn(3, 3)]),
    "pow 3": (lambda a: a ** 3, [randn(4)]),
    "pow 0.5": (lambda a: a ** 0.5, [positive(4)]),
    "pow -1.5": (lambda a: a ** -1.5, [positive(2, 3)]),
    "rpow 2**x": (lambda a: 2.0 ** a, [randn(4)]),
    # matrix multiplication: 2-D, batched, batch-broadcast and 1-D operands
    "matmul 2d": (lambda a, b: a @ b, [randn(3, 4), randn(4, 5, seed=1)]),
    "matmul (2,3,4)@(4,5)": (lambda a, b: a @ b, [randn(2, 3, 4), randn(4, 5, seed=1)]),
    "matmul (2,3,4)@(2,4,5)": (lambda a, b: a @ b, [randn(2, 3, 4), randn(2, 4, 5, seed=1)]),
    "matmul (2,1,3,4)@(3,4,2)": (lambda a, b: a @ b, [randn(2, 1, 3, 4), randn(3, 4, 2, seed=1)]),
    "matmul (3,4)@(2,4,5)": (lambda a, b: a @ b, [randn(3, 4), randn(2, 4, 5, seed=1)]),
    "matmul (4,)@(4,5)": (lambda a, b: a @ b, [randn(4), randn(4, 5, seed=1)]),
    "matmul (3,4)@(4,)": (lambda a, b: a @ b, [randn(3, 4), randn(4, seed=1)]),
    "matmul (4,)@(4,)": (lambda a, b: a @ b, [randn(4), randn(4, seed=1)]),
    "matmul (2,3,4)@(4,)": (lambda a, b: a @ b, [randn(2, 3, 4), randn(4, seed=1)]),
    "matmul (4,)@(2,4,3)": (lambda a, b: a @ b, [randn(4), randn(2, 4, 3, seed=1)]),
    # exp / log
    "exp": (lambda a: a.exp(), [randn(3, 4)]),
    "log": (lambda a: a.log(), [positive(3, 4)]),
    # reductions
    "sum all": (lambda a: a.sum(), [randn(3, 4)]),
    "sum axis=0": (lambda a: a.sum(axis=0), [randn(3, 4)]),
    "sum axis=-1 keepdims": (lambda a: a.sum(axis=-1, keepdims=True), [randn(2, 3, 4)]),
    "sum axis=(0,2)": (lambda a: a.sum(axis=(0, 2)), [randn(2, 3, 4)]),
    "mean all": (lambda a: a.mean(), [randn(3, 4)]),
    "mean axis=1": (lambda a: a.mean(axis=1), [randn(2, 3, 4)]),
    "mean axis=(0,-1) keepdims": (lambda a: a.mean(axis=(0, -1), keepdims=True), [randn(2, 3, 4)]),
    "max all": (lambda a: a.max(), [randn(3, 4)]),
    "max axis=0": (lambda a: a.max(axis=0), [randn(3, 4)]),
    "max axis=-1 keepdims": (lambda a: a.max(axis=-1, keepdims=True), [randn(2, 3, 4)]),
    "max axis=(1,2)": (lambda a: a.max(axis=(1, 2)), [randn(2, 3, 4)]),
    # shape operations
    "reshape": (lambda a: a.reshape(4, 3) * np.arange(12.0).reshape(4, 3), [randn(3, 4)]),
    "reshape tuple -1": (lambda a: a.reshape((2, -1)), [randn(3, 4)]),
    "transpose reverse": (lambda a: a.transpose(), [randn(2, 3, 4)]),
    "transpose (1,2,0)": (lambda a: a.transpose(1, 2, 0), [randn(2, 3, 4)]),
    ".T": (lambda a: a.T @ a, [randn(3, 2)]),
    "getitem slices": (lambda a: a[1:, ::2], [randn(3, 4)]),
    "getitem int and ellipsis": (lambda a: a[..., 1] + a[0], [randn(4, 4)]),
    "getitem None": (lambda a: a[None, 1], [randn(3, 4)]),
    "getitem repeated int array": (lambda a: a[np.array([0, 2, 0, 0])], [randn(3, 4)]),
    "getitem 2-d int array (embedding)": (lambda a: a[np.array([[0, 1], [1, 1]])], [randn(3, 4)]),
    "getitem paired int arrays": (lambda a: a[np.array([0, 1, 1]), np.array([2, 2, 2])], [randn(3, 4)]),
    "getitem int Tensor": (lambda a: a[Tensor(np.array([2, 2, 1]))], [randn(3, 2)]),
    "masked_fill": (lambda a: a.masked_fill(CAUSAL, 0.25), [randn(4, 4)]),
    "masked_fill broadcast mask + softmax": (lambda a: a.masked_fill(CAUSAL, -np.inf).softmax(-1),
                                             [randn(2, 4, 4)]),
    # activations and (log-)softmax
    "relu": (lambda a: a.relu(), [away_from_zero(3, 4)]),
    "relu()": (lambda a: relu(a), [away_from_zero(5)]),
    "gelu": (lambda a: a.gelu(), [randn(3, 4) * 2]),
    "gelu()": (lambda a: gelu(a), [randn(5)]),
    "softmax": (lambda a: a.softmax(), [randn(3, 5)]),
    "softmax axis=0": (lambda a: softmax(a, axis=0), [randn(3, 5)]),
    "log_softmax": (lambda a: a.log_softmax(), [randn(3, 5)]),
    "log_softmax axis=1 of 3-d": (lambda a: log_softmax(a, axis=1), [randn(2, 3, 4)]),
    # joining
    "concat axis=0": (lambda a, b, c: concat([a, b, c], axis=0), [randn(1, 3), randn(2, 3, seed=1),
                                                                  randn(3, 3, seed=2)]),
    "concat axis=-1": (lambda a, b: concat([a, b], axis=-1), [randn(2, 2), randn(2, 3, seed=1)]),
    "stack axis=1": (lambda a, b: stack([a, b], axis=1), [randn(2, 3), randn(2, 3, seed=1)]),
    # a composite: causal attention of q over k, everything mixed
    "composite": (lambda q, k: (((q @ k.transpose(0, 2, 1)) * (1 / math.sqrt(3))).masked_fill(
        CAUSAL[:3, :3], -np.inf).softmax(-1) @ k).gelu().mean(axis=1), [randn(2, 3, 3), randn(2, 3, 3, seed=1)]),
}


@pytest.mark.parametrize("name", list(GRAD_CASES))
def test_gradient_matches_finite_differences(name):
    fn, arrays = GRAD_CASES[name]
    check_gradients(fn, *arrays)


def test_max_splits_gradient_between_ties():
    x = Tensor([1.0, 3.0, 3.0], requires_grad=True)
    x.max().backward()
    np.testing.assert_allclose(x.grad, [0.0, 0.5, 0.5])


def test_getitem_repeated_index_accumulates():
    w = Tensor(np.zeros((3, 2)), requires_grad=True)
    w[np.array([1, 1, 1, 2])].sum().backward()
    np.testing.assert_allclose(w.grad, [[0, 0], [3, 3], [1, 1]])


# ---------------------------------------------------------------------------------------------------------------
# values: stability, the gelu approximation, errors
# ---------------------------------------------------------------------------------------------------------------
def test_softmax_and_log_softmax_are_stable_for_huge_logits():
    x = Tensor([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]])
    s, ls = x.softmax(), x.log_softmax()
    assert np.all(np.isfinite(s.data)) and np.all(np.isfinite(ls.data))
    np.testing.assert_allclose(s.data.sum(axis=-1), [1.0, 1.0], rtol=1e-6)
    np.testing.assert_allclose(ls.data[0], [0.0, -1000.0, -2000.0], rtol=1e-6)
    np.testing.assert_allclose(s.data[1], [1 / 3] * 3, rtol=1e-6)


def test_softmax_matches_definition():
    x = randn(4, 6)
    expected = np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(softmax(Tensor(x)).data, expected, rtol=1e-12)
    np.testing.assert_allclose(log_softmax(Tensor(x)).data, np.log(expected), rtol=1e-12)


def test_gelu_is_the_tanh_approximation_of_x_phi_x():
    x = np.linspace(-6, 6, 241)
    exact = x * 0.5 * (1 + np.array([math.erf(v / math.sqrt(2)) for v in x]))
    tanh_form = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    got = gelu(Tensor(x)).data
    np.testing.assert_allclose(got, tanh_form, rtol=1e-12, atol=1e-12)
    assert np.abs(got - exact).max() < 1e-3


def test_relu_values():
    np.testing.assert_array_equal(relu(Tensor([-2.0, 0.0, 3.0])).data, [0.0, 0.0, 3.0])


def test_matmul_shape_errors_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) @ \(4, 5\)"):
        Tensor(randn(2, 3)) @ Tensor(randn(4, 5))
    with pytest.raises(ValueError, match="at least 1 dimension"):
        Tensor(2.0) @ Tensor(randn(2))


def test_masked_fill_errors():
    x = Tensor(randn(2, 3))
    with pytest.raises(TypeError, match="boolean"):
        x.masked_fill(np.ones((2, 3)), 0.0)
    with pytest.raises(ValueError, match=r"\(3, 3\).*\(2, 3\)"):
        x.masked_fill(np.ones((3, 3), dtype=bool), 0.0)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="out of range"):
        Tensor(randn(2, 3)).sum(axis=2)


def test_pow_rejects_a_tensor_exponent():
    with pytest.raises(TypeError, match="number"):
        Tensor([1.0]) ** Tensor([2.0])


def test_concat_and_stack_values_and_empty_input():
    a, b = randn(2, 3), randn(1, 3, seed=1)
    np.testing.assert_array_equal(concat([Tensor(a), Tensor(b)]).data, np.concatenate([a, b]))
    np.testing.assert_array_equal(stack([Tensor(a), Tensor(a)], axis=-1).data, np.stack([a, a], axis=-1))
    with pytest.raises(ValueError):
        concat([])


# ---------------------------------------------------------------------------------------------------------------
# dtype discipline: float32 in -> float32 out (values and gradients); storage dtypes kept
# ---------------------------------------------------------------------------------------------------------------
F32_OPS = {
    "x*0.5": lambda x, w: x * 0.5, "0.5*x": lambda x, w: 0.5 * x, "x/3": lambda x, w: x / 3,
    "1/x": lambda x, w: 1 / x, "x-1.0": lambda x, w: x - 1.0, "2-x": lambda x, w: 2 - x,
    "x*np.sqrt(8)": lambda x, w: x * np.sqrt(8.0), "x/np.float64": lambda x, w: x / np.float64(3.0),
    "x**2": lambda x, w: x ** 2, "x**0.5": lambda x, w: (x * x) ** 0.5,
    "x**np.float64(2)": lambda x, w: x ** np.float64(2),
    "2**x": lambda x, w: 2 ** x, "-x": lambda x, w: -x, "x@w": lambda x, w: x @ w, "exp": lambda x, w: x.exp(),
    "log": lambda x, w: (x * x + 1).log(), "sum": lambda x, w: x.sum(), "mean": lambda x, w: x.mean(axis=0),
    "max": lambda x, w: x.max(axis=-1), "reshape": lambda x, w: x.reshape(-1), "T": lambda x, w: x.T,
    "getitem": lambda x, w: x[np.array([0, 0, 1])], "masked_fill": lambda x, w: x.masked_fill(x.data > 0, -np.inf),
    "relu": lambda x, w: x.relu(), "gelu": lambda x, w: x.gelu(), "softmax": lambda x, w: x.softmax(),
    "log_softmax": lambda x, w: x.log_softmax(), "concat": lambda x, w: concat([x, x]),
    "stack": lambda x, w: stack([x, x]),
}


@pytest.mark.parametrize("name", list(F32_OPS))
def test_float32_in_float32_out_including_gradients(name):
    x = Tensor(randn(2, 3).astype(np.float32), requires_grad=True)
    w = Tensor(randn(3, 3, seed=1).astype(np.float32), requires_grad=True)
    out = F32_OPS[name](x, w)
    assert out.dtype == np.float32, f"{name}: float32 input gave {out.dtype}"
    assert isinstance(out.data, np.ndarray)
    out.backward(np.ones(out.shape, dtype=np.float32))
    assert x.grad is not None and x.grad.dtype == np.float32
    if w.grad is not None:
        assert w.grad.dtype == np.float32


def test_reductions_return_ndarrays_not_numpy_scalars():
    assert type(Tensor([1.0, 2.0]).sum().data) is np.ndarray
    assert type(Tensor([1.0, 2.0]).max().data) is np.ndarray


def test_int8_storage_is_kept_through_shape_ops():
    q = Tensor(np.array([[-128, 0, 127], [1, 2, 3]], dtype=np.int8))
    for out in (q[0], q.reshape(3, 2), q.T, q[np.array([1, 1])], concat([q, q]), q.masked_fill(q.data > 100, 0),
                q + 1):
        assert out.dtype == np.int8, out.dtype
    assert not q.requires_grad


def test_float64_array_operand_promotes_like_numpy():
    # arrays are "strong": only scalars adopt the tensor's dtype
    assert (Tensor(np.ones(2, np.float32)) + np.ones(2, np.float64)).dtype == np.float64


# ---------------------------------------------------------------------------------------------------------------
# no_grad
# ---------------------------------------------------------------------------------------------------------------
def test_no_grad_builds_no_graph_and_restores_the_mode():
    x = Tensor(randn(2, 3), requires_grad=True)
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        y = ((x @ Tensor(randn(3, 2))).relu() * 2).softmax().sum()
        with no_grad():
            pass
        assert not is_grad_enabled()  # nesting does not re-enable early
    assert is_grad_enabled()
    assert not y.requires_grad and y._parents == () and y._backward is None
    with pytest.raises(RuntimeError):
        y.backward()


def test_no_grad_restores_after_an_exception_and_works_as_decorator():
    with pytest.raises(KeyError):
        with no_grad():
            raise KeyError("boom")
    assert is_grad_enabled()

    @no_grad()
    def infer(t):
        return t * 2

    x = Tensor([1.0], requires_grad=True)
    assert not infer(x).requires_grad and is_grad_enabled()
    assert (x * 2).requires_grad


# ---------------------------------------------------------------------------------------------------------------
# the matmul kernel hook
# ---------------------------------------------------------------------------------------------------------------
def test_set_matmul_kernel_routes_the_forward_pass_and_can_be_restored():
    calls = []

    def shifted_kernel(a, b):  # a visibly different result proves the output really comes from the kernel
        calls.append((a.shape, b.shape))
        return np.matmul(a, b) + 1.0

    a = Tensor(randn(2, 3, 4), requires_grad=True)
    b = Tensor(randn(4, 5, seed=1), requires_grad=True)
    reference = np.matmul(a.data, b.data)
    previous = set_matmul_kernel(shifted_kernel)
    try:
        assert previous is np.matmul and get_matmul_kernel() is shifted_kernel
        out = a @ b
        assert calls == [((2, 3, 4), (4, 5))]
        np.testing.assert_allclose(out.data, reference + 1.0)
        out.sum().backward()  # backward uses np.matmul, unaffected by the kernel
        np.testing.assert_allclose(b.grad, a.data.reshape(-1, 4).T @ np.ones((6, 5)))
    finally:
        set_matmul_kernel(previous)
    assert get_matmul_kernel() is np.matmul
    np.testing.assert_allclose((a @ b).data, reference)
    assert len(calls) == 1


def test_set_matmul_kernel_none_restores_default_and_rejects_non_callables():
    set_matmul_kernel(lambda a, b: np.matmul(a, b))
    set_matmul_kernel(None)
    assert get_matmul_kernel() is np.matmul
    with pytest.raises(TypeError, match="callable"):
        set_matmul_kernel("blas")
    assert get_matmul_kernel() is np.matmul


def test_use_matmul_kernel_context_restores_on_error():
    calls = []
    with pytest.raises(ZeroDivisionError):
        with use_matmul_kernel(lambda a, b: calls.append(1) or np.matmul(a, b)):
            Tensor(randn(2, 2)) @ Tensor(randn(2, 2))
            1 / 0
    assert calls == [1] and get_matmul_kernel() is np.matmul


def test_kernel_matmul_sets_the_kind_only_for_its_product_and_rejects_unknown_kinds():
    seen = []

    def failing(a, b):
        seen.append(T.current_matmul_kind())
        raise RuntimeError("kernel failed")
    a = np.ones((2, 2), np.float32)
    np.testing.assert_array_equal(T.kernel_matmul(a, a, kind="int8"), a @ a)
    with use_matmul_kernel(failing), pytest.raises(RuntimeError, match="kernel failed"):
        T.kernel_matmul(a, a, kind="attention")
    assert seen == ["attention"] and T.current_matmul_kind() == "float"      # restored after the kernel raised
    with pytest.raises(ValueError, match=r"matmul kind must be one of .*got 'fp8'"):
        T.kernel_matmul(a, a, kind="fp8")
    assert T.current_matmul_kind() == "float"


def test_takes_arrays_unwraps_positional_and_keyword_tensors_only():
    @T.takes_arrays
    def kinds(*args, **kwargs):
        return [type(v).__name__ for v in args], {k: type(v).__name__ for k, v in kwargs.items()}
    t = Tensor(np.ones(2, np.float32))
    assert kinds(t, [t], 3, w=t, n=None) == (["ndarray", "list", "int"], {"w": "ndarray", "n": "NoneType"})
    assert kinds() == ([], {}) and kinds.__name__ == "kinds"


def test_module_exports_the_documented_api():
    for name in ("Tensor", "no_grad", "is_grad_enabled", "set_matmul_kernel", "get_matmul_kernel", "concat",
                 "stack", "relu", "gelu", "softmax", "log_softmax"):
        assert name in T.__all__, name
