"""Module 15 backends and the matmul kinds of issue 17: every registered backend is exact on the int8 kind
(integer-valued float32 operands whose partial sums stay below 2**24), every kind reaches the active backend, and
the array functions take ndarrays, Tensors and Parameters alike (@takes_arrays) and return ndarrays."""
import collections

import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.nn import Parameter
from tinytorch.core.tensor import Tensor, current_matmul_kind, kernel_matmul, set_matmul_kernel
from tinytorch.optimization.acceleration import (Backend, conv2d_im2col, conv2d_naive, im2col, matmul_blocked,
                                                 matmul_naive, matmul_vectorized, use_backend)


@pytest.fixture(autouse=True)
def default_kernel():
    set_matmul_kernel(None)
    yield
    set_matmul_kernel(None)


def int8_operands(m, k, n, seed):
    "Integer-valued float32 codes in [-127, 127], with one all-127 row/column pair: the largest possible sum."
    rng = np.random.default_rng(seed)
    a = rng.integers(-127, 128, size=(m, k)).astype(np.float32)
    b = rng.integers(-127, 128, size=(k, n)).astype(np.float32)
    a[0], b[:, 0] = 127, 127
    return a, b


@pytest.mark.parametrize("name", ["naive", "blocked", "numpy"])
@pytest.mark.parametrize("m,k,n", [(3, 1040, 2), (5, 1000, 4), (2, 64, 7), (1, 1, 1)])
def test_registered_backends_are_exact_on_the_int8_kind(name, m, k, n):
    a, b = int8_operands(m, k, n, seed=m * k + n)
    exact = a.astype(np.int64) @ b.astype(np.int64)
    assert np.abs(exact).max() < 2**24                          # the premise of the int8 kind
    with use_backend(name):
        got = kernel_matmul(a, b, kind="int8")
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got.astype(np.int64), exact)


def test_the_int8_check_catches_an_inexact_backend():
    # The check above has teeth: a backend whose accumulator is narrower than float32's 24 bits (here float16, 11
    # bits, on small codes so nothing overflows) is not exact once partial sums pass 2**11.
    a, b = (np.clip(x, -7, 7) for x in int8_operands(5, 1000, 4, seed=1))
    sloppy = Backend("float16-acc", lambda x, y: np.matmul(x.astype(np.float16), y.astype(np.float16)))
    with use_backend(sloppy):
        got = kernel_matmul(a, b, kind="int8")
    exact = a.astype(np.int64) @ b.astype(np.int64)
    assert np.isfinite(got).all() and np.abs(exact).max() < 65504
    assert not np.array_equal(got.astype(np.int64), exact)


def test_every_kind_reaches_the_backend():
    seen = collections.Counter()

    def spy(a, b):
        seen[current_matmul_kind()] += 1
        return np.matmul(a, b)
    a = np.ones((2, 3), np.float32)
    with use_backend(Backend("spy", np.matmul, kernel=spy)):
        for kind in ("float", "attention", "int8"):
            kernel_matmul(a, a.T, kind=kind)
        Tensor(a) @ Tensor(a.T)
    assert seen == {"float": 2, "attention": 1, "int8": 1}


def as_tensor(x):
    return Tensor(x)


def as_parameter(x):
    return Parameter(x)


ARRAY_CALLS = {
    "matmul_naive": (matmul_naive, lambda r: (r.standard_normal((3, 4)), r.standard_normal((4, 2))), {}),
    "matmul_vectorized": (matmul_vectorized, lambda r: (r.standard_normal((3, 4)), r.standard_normal((4, 2))), {}),
    "matmul_blocked": (matmul_blocked, lambda r: (r.standard_normal((5, 4)), r.standard_normal((4, 3))), {"tile": 2}),
    "conv2d_naive": (conv2d_naive, lambda r: (r.standard_normal((1, 2, 5, 5)), r.standard_normal((3, 2, 3, 3))),
                     {"stride": 2, "padding": 1}),
    "im2col": (im2col, lambda r: (r.standard_normal((1, 2, 4, 4)), 2, 2), {"padding": 1}),
    "conv2d_im2col": (conv2d_im2col, lambda r: (r.standard_normal((1, 2, 5, 5)), r.standard_normal((3, 2, 3, 3))),
                      {"stride": 2}),
}


@pytest.mark.parametrize("name", list(ARRAY_CALLS))
@pytest.mark.parametrize("wrap", [as_tensor, as_parameter])
def test_kernels_take_tensors_and_parameters(name, wrap):
    # Issue 17: matmul_blocked(Tensor) raised TypeError and conv2d_naive(Tensor) crashed inside.
    fn, make, kwargs = ARRAY_CALLS[name]
    args = [x.astype(np.float32) if isinstance(x, np.ndarray) else x for x in make(np.random.default_rng(0))]
    expected = fn(*args, **kwargs)
    got = fn(*[wrap(x) if isinstance(x, np.ndarray) else x for x in args], **kwargs)
    assert type(got) is np.ndarray and type(expected) is np.ndarray
    np.testing.assert_array_equal(got, expected)


def test_linear_layer_on_the_blocked_backend_with_parameters():
    nn.manual_seed(0)
    layer = nn.Linear(6, 4)
    x = np.random.default_rng(1).standard_normal((3, 6)).astype(np.float32)
    np.testing.assert_allclose(matmul_blocked(Tensor(x), layer.weight, tile=4), x @ layer.weight.data, rtol=1e-6)
