"""Convolution and pooling in the foundations (issue 18, bullet 1): conv2d / max_pool2d forward against plain loop
references, gradients against central differences (float64), the replaceable conv kernel, and the layers."""
import numpy as np
import pytest

from _gradcheck import numerical_gradient

from tinytorch.core import nn
from tinytorch.core.tensor import (Tensor, col2im_nchw, conv2d, conv2d_im2col_kernel, current_matmul_kind,
                                   get_conv_kernel, im2col_nchw, max_pool2d, set_conv_kernel, use_conv_kernel,
                                   use_matmul_kernel)

CASES = [((2, 3, 7, 6), (4, 3, 3, 2), 1, 0), ((2, 3, 7, 6), (4, 3, 3, 3), 1, 1), ((1, 2, 9, 8), (3, 2, 3, 3), 2, 1),
         ((2, 1, 5, 5), (2, 1, 1, 1), 1, 0), ((1, 2, 6, 6), (2, 2, 4, 4), 3, 2)]


def loop_conv(x, w, b, stride, padding):
    "The definition, one output pixel at a time."
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    oh, ow = (h + 2 * padding - kh) // stride + 1, (wd + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.einsum("nckl,fckl->nf", patch, w)
    return out + (0 if b is None else b[None, :, None, None])


def loop_pool(x, k, s):
    oh, ow = (x.shape[2] - k) // s + 1, (x.shape[3] - k) // s + 1
    out = np.empty(x.shape[:2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = x[:, :, i * s:i * s + k, j * s:j * s + k].max(axis=(2, 3))
    return out


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", CASES)
def test_conv2d_forward_and_gradients_match_the_definition(x_shape, w_shape, stride, padding):
    rng = np.random.default_rng(sum(x_shape) + stride)
    x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
    X, W, B = (Tensor(a, requires_grad=True) for a in (x, w, b))
    y = conv2d(X, W, B, stride, padding)
    np.testing.assert_allclose(y.data, loop_conv(x, w, b, stride, padding), rtol=1e-10, atol=1e-10)
    g = rng.normal(size=y.shape)
    (y * Tensor(g)).sum().backward()
    loss = lambda: (loop_conv(x, w, b, stride, padding) * g).sum()   # noqa: E731 - a one-line closure, read where it is used
    for tensor, array in ((X, x), (W, w), (B, b)):
        np.testing.assert_allclose(tensor.grad, numerical_gradient(loss, array), rtol=1e-5, atol=1e-6)


def test_conv2d_without_bias_keeps_float32_and_only_requested_grads():
    rng = np.random.default_rng(1)
    x = Tensor(rng.normal(size=(2, 2, 5, 5)).astype(np.float32))
    w = Tensor(rng.normal(size=(3, 2, 3, 3)).astype(np.float32), requires_grad=True)
    y = conv2d(x, w, padding=1)
    assert y.dtype == np.float32 and y.shape == (2, 3, 5, 5)
    y.sum().backward()
    assert x.grad is None and w.grad.shape == w.shape and w.grad.dtype == np.float32


def test_im2col_and_col2im_are_adjoint():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 3, 7, 5))
    cols = rng.normal(size=im2col_nchw(x, 3, 2, 2, 1).shape)
    # <im2col(x), cols> == <x, col2im(cols)>: col2im is exactly the transpose (what backward needs)
    assert np.vdot(im2col_nchw(x, 3, 2, 2, 1), cols) == pytest.approx(
        np.vdot(x, col2im_nchw(cols, x.shape, 3, 2, 2, 1)))


@pytest.mark.parametrize("k, stride", [(2, None), (3, 2), (2, 1)])
def test_max_pool2d_forward_and_gradient(k, stride):
    rng = np.random.default_rng(k)
    x = rng.normal(size=(2, 3, 6, 7))
    X = Tensor(x, requires_grad=True)
    y = max_pool2d(X, k, stride)
    s = k if stride is None else stride
    np.testing.assert_array_equal(y.data, loop_pool(x, k, s))
    g = rng.normal(size=y.shape)
    (y * Tensor(g)).sum().backward()
    np.testing.assert_allclose(X.grad, numerical_gradient(lambda: (loop_pool(x, k, s) * g).sum(), x), atol=1e-6)


def test_max_pool2d_tie_sends_the_gradient_to_the_first_maximum_only():
    x = Tensor(np.ones((1, 1, 2, 2)), requires_grad=True)
    max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad[0, 0], [[1, 0], [0, 0]])


def test_conv_kernel_is_replaceable_and_its_matmul_reaches_the_matmul_backend():
    rng = np.random.default_rng(3)
    layer = nn.Conv2d(2, 4, 3, padding=1)
    x = rng.normal(size=(2, 2, 5, 5)).astype(np.float32)
    expected = layer(x).data
    seen = []

    def counting(x_, w_, stride, padding):
        seen.append((x_.shape, w_.shape, stride, padding))
        return conv2d_im2col_kernel(x_, w_, stride, padding)

    with use_conv_kernel(counting):
        assert get_conv_kernel() is counting
        np.testing.assert_array_equal(layer(x).data, expected)
    assert seen == [((2, 2, 5, 5), (4, 2, 3, 3), 1, 1)] and get_conv_kernel() is conv2d_im2col_kernel
    kinds = []

    def counting_matmul(a, b):
        kinds.append(current_matmul_kind())
        return np.matmul(a, b)

    with use_matmul_kernel(counting_matmul):
        np.testing.assert_allclose(layer(x).data, expected, rtol=1e-6)
    assert kinds == ["float"]
    assert set_conv_kernel(None) is conv2d_im2col_kernel
    with pytest.raises(TypeError, match="callable"):
        set_conv_kernel(42)


def test_layers_shapes_and_errors():
    conv = nn.Conv2d(3, 5, 3, stride=2, padding=1)
    assert conv.weight.shape == (5, 3, 3, 3) and conv.bias.shape == (5,)
    assert conv(np.zeros((2, 3, 8, 8), np.float32)).shape == (2, 5, 4, 4)
    assert nn.Conv2d(1, 2, 2, bias=False).bias is None
    with pytest.raises(ValueError, match=r"expects x \(N, 3, H, W\)"):
        conv(np.zeros((2, 4, 8, 8), np.float32))
    with pytest.raises(ValueError, match="kernel_size"):
        nn.Conv2d(1, 2, 0)
    with pytest.raises(ValueError, match="does not fit"):
        nn.Conv2d(1, 1, 5)(np.zeros((1, 1, 3, 3), np.float32))
    x = np.arange(2 * 64, dtype=np.float32).reshape(2, 64)
    img = nn.Reshape(1, 8, 8)(x)
    assert img.shape == (2, 1, 8, 8) and np.array_equal(nn.Flatten()(img).data, x)
    with pytest.raises(ValueError, match="needs 63"):
        nn.Reshape(7, 9)(x)
    assert nn.MaxPool2d(2)(img).shape == (2, 1, 4, 4)


def test_a_small_cnn_learns():
    nn.manual_seed(0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 1, 6, 6)).astype(np.float32)
    y = (X[:, 0, :3].sum(axis=(1, 2)) > X[:, 0, 3:].sum(axis=(1, 2))).astype(np.int64)   # top half vs bottom half
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(36, 2))
    opt = nn.AdamW(model.parameters(), lr=1e-2)
    first = None
    for _ in range(60):
        loss = nn.cross_entropy(model(X), y)
        first = first if first is not None else loss.item()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.3 * first and nn.accuracy(model, X, y) > 0.9
