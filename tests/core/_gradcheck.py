"""Finite-difference gradient check shared by the core tests.

`check_gradients(fn, *arrays)` runs `fn` on float64 leaf Tensors, back-propagates a fixed random upstream
gradient (so every output element gets a different weight), and compares each input's `.grad` with central
differences of the same weighted sum. Float64 keeps the differences accurate to ~1e-8.
"""
import numpy as np

from tinytorch.core.tensor import Tensor, no_grad


def numerical_gradient(scalar_fn, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    "d scalar_fn / dx by central differences; x is float64 and restored afterwards."
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = scalar_fn()
        x[i] = old - eps
        down = scalar_fn()
        x[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def check_gradients(fn, *arrays, atol=1e-6, rtol=1e-5, seed=0):
    "Assert that backward() through `fn(*tensors)` matches finite differences for every input."
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    leaves = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = fn(*leaves)
    assert out.dtype == np.float64, f"float64 inputs gave a {out.dtype} output"
    weights = np.random.default_rng(seed).normal(size=out.shape)
    (out * Tensor(weights)).sum().backward()

    def weighted_output():
        with no_grad():
            return float((fn(*[Tensor(a) for a in arrays]).data * weights).sum())

    for k, (a, leaf) in enumerate(zip(arrays, leaves)):
        assert leaf.grad is not None, f"input {k} received no gradient"
        assert leaf.grad.shape == a.shape and leaf.grad.dtype == np.float64, (leaf.grad.shape, leaf.grad.dtype)
        expected = numerical_gradient(weighted_output, a)
        np.testing.assert_allclose(leaf.grad, expected, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of input {k} (shape {a.shape}) disagrees with finite differences")
