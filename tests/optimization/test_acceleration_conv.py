"""Module 15 backends reach Conv2d (issue 18 bullet 2): a Backend carries a conv kernel, use_backend/set_backend
install it through the core's set_conv_kernel, every Conv2d forward runs on it, the registered backends give the
same CNN logits, and the previous matmul AND conv kernels come back after a block (also custom ones)."""
import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.data import load_digits
from tinytorch.core.tensor import (Tensor, get_conv_kernel, get_matmul_kernel, no_grad, set_conv_kernel,
                                   set_matmul_kernel)
from tinytorch.core.transformer import load_digits_cnn
from tinytorch.optimization.acceleration import (Backend, conv2d_im2col, conv2d_naive, get_backend, im2col_conv,
                                                 matmul_blocked, set_backend, use_backend)


@pytest.fixture(autouse=True)
def default_kernels():
    set_matmul_kernel(None)
    set_conv_kernel(None)
    yield
    set_matmul_kernel(None)
    set_conv_kernel(None)


@pytest.fixture(scope="module")
def cnn_and_batch():
    X_test = load_digits()[2]
    return load_digits_cnn(), Tensor(X_test[:16])


def counting_conv(calls: list):
    "A conv kernel that records (x shape, w shape, stride, padding) of each call, then convolves with conv2d_im2col."
    def conv(x, w, stride, padding):
        calls.append((x.shape, w.shape, stride, padding))
        return conv2d_im2col(x, w, stride, padding)
    return conv


def test_counting_conv_kernel_sees_every_conv2d_forward(cnn_and_batch):
    cnn, batch = cnn_and_batch
    convs = [m for m in cnn.modules() if isinstance(m, nn.Conv2d)] if hasattr(cnn, "modules") else \
        [m for m in cnn if isinstance(m, nn.Conv2d)]
    assert len(convs) == 2
    calls = []
    with no_grad(), use_backend(Backend("counting", np.matmul, kernel=np.matmul, conv=counting_conv(calls))):
        cnn(batch)
        cnn(batch)
    expected = [((16, c.in_channels, s, s), tuple(c.weight.data.shape), c.stride, c.padding)
                for c, s in zip(convs, (8, 4))] * 2
    assert calls == expected
    calls.clear()
    cnn(batch)                                                   # after the block: the counting kernel is gone
    assert calls == []


@pytest.mark.parametrize("name", ["naive", "blocked", "numpy"])
def test_cnn_logits_equal_on_every_backend(cnn_and_batch, name):
    cnn, batch = cnn_and_batch
    with no_grad():
        reference = cnn(batch).data                              # the core defaults
        with use_backend(name) as backend:
            assert get_conv_kernel() is backend.conv_kernel()
            got = cnn(batch).data
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, reference, rtol=1e-5, atol=1e-5)
    assert np.array_equal(got.argmax(1), reference.argmax(1))


def test_registered_conv_kernels():
    assert set_backend("naive").name == "numpy"
    assert get_conv_kernel() is conv2d_naive and get_backend().name == "naive"
    set_backend("blocked")
    assert get_backend().name == "blocked" and get_conv_kernel().__name__ == "im2col_conv(matmul_blocked)"
    set_backend("numpy")
    assert get_backend().name == "numpy" and get_matmul_kernel() is np.matmul


@pytest.mark.parametrize("stride,padding", [(1, 0), (1, 1), (2, 1), (3, 2)])
def test_im2col_conv_equals_conv2d_naive(stride, padding):
    rng = np.random.default_rng(stride * 10 + padding)
    x = rng.standard_normal((2, 3, 7, 6))
    w = rng.standard_normal((4, 3, 3, 2))
    np.testing.assert_allclose(im2col_conv(matmul_blocked)(x, w, stride, padding),
                               conv2d_naive(x, w, stride, padding), rtol=1e-12, atol=1e-12)


def test_im2col_conv_uses_the_given_matmul():
    shapes = []

    def spy(a, b):
        shapes.append((a.shape, b.shape))
        return a @ b
    x, w = np.ones((2, 3, 5, 5)), np.ones((4, 3, 3, 3))
    im2col_conv(spy)(x, w, 1, 1)
    assert shapes == [((2 * 5 * 5, 27), (27, 4))]


def test_use_backend_restores_custom_matmul_and_conv_kernels():
    def my_conv(x, w, stride, padding):
        return conv2d_im2col(x, w, stride, padding)

    def my_matmul(a, b):
        return np.matmul(a, b)
    set_matmul_kernel(my_matmul)
    set_conv_kernel(my_conv)
    assert get_backend().name == "custom"
    with use_backend("naive"):
        assert get_conv_kernel() is conv2d_naive
    assert get_matmul_kernel() is my_matmul and get_conv_kernel() is my_conv
    with pytest.raises(KeyError):
        with use_backend("blocked"):
            raise KeyError("boom")
    assert get_matmul_kernel() is my_matmul and get_conv_kernel() is my_conv


def test_custom_conv_alone_is_not_reported_as_numpy():
    set_conv_kernel(conv2d_naive)                                # matmul still np.matmul: a mix, not "numpy"
    assert get_backend().name == "custom"


def test_unknown_backend_changes_no_kernel():
    before = get_matmul_kernel(), get_conv_kernel()
    with pytest.raises(ValueError, match="no-such"):
        set_backend("no-such")
    assert (get_matmul_kernel(), get_conv_kernel()) == before


def test_backend_rejects_a_non_callable_conv():
    with pytest.raises(TypeError, match="conv must be callable"):
        Backend("bad", np.matmul, conv="im2col")
