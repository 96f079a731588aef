"""Issue 17 convention, module 15 (tinytorch.optimization.acceleration): every public name is classified.

(a) array functions: called with ndarrays, Tensors and Parameters -> identical results, ndarray returned;
(b) model transforms: none in this module;
(c) other: why, in a comment.
A test asserts the table covers __all__ exactly, so a new public name cannot escape the convention."""
import numpy as np
import pytest

from tinytorch.core.nn import Parameter
from tinytorch.core.tensor import Tensor
from tinytorch.optimization import acceleration as acc


def mats(*shapes):
    "Seeded float32 arrays of the given shapes."
    rng = np.random.default_rng(15)
    return [rng.standard_normal(s).astype(np.float32) for s in shapes]


# (a) name -> (array arguments, other positional arguments, keyword arguments, expected return type)
ARRAY_FUNCTIONS = {
    "check_matmul_operands": (mats((3, 4), (4, 2)), [], {"who": "conv"}, tuple),   # returns (m, k, n), not an array
    "matmul_naive": (mats((3, 4), (4, 2)), [], {}, np.ndarray),
    "matmul_vectorized": (mats((3, 4), (4, 2)), [], {}, np.ndarray),
    "matmul_blocked": (mats((5, 4), (4, 3)), [], {"tile": 2}, np.ndarray),
    "conv2d_naive": (mats((1, 2, 5, 5), (3, 2, 3, 3)), [], {"stride": 2, "padding": 1}, np.ndarray),
    "im2col": (mats((2, 2, 4, 4)), [2, 3], {"stride": 1, "padding": 1}, np.ndarray),
    "conv2d_im2col": (mats((1, 2, 5, 5), (3, 2, 3, 3)), [], {"stride": 2, "padding": 1}, np.ndarray),
}
MODEL_TRANSFORMS = {}          # (b): module 15 changes kernels, never a model
OTHER = {
    "measure_gflops": "takes a kernel function and a size n, returns GFLOP/s (a float); draws its own matrices",
    "conv2d_output_shape": "takes shape tuples, not arrays",
    "tensor_kernel": "takes a 2-D kernel function, returns the kernel Tensor @ calls (it receives ndarrays)",
    "im2col_conv": "takes a 2-D matmul function, returns a conv kernel (that kernel takes arrays: tested below)",
    "Backend": "a named kernel (class)",
    "register_backend": "registry: takes a Backend",
    "available_backends": "registry: returns names",
    "get_backend": "registry: returns the active Backend",
    "set_backend": "registry: takes a name or Backend",
    "use_backend": "context manager over the registry",
}


def test_table_covers_all_exactly():
    table = set(ARRAY_FUNCTIONS) | set(MODEL_TRANSFORMS) | set(OTHER)
    assert len(table) == len(ARRAY_FUNCTIONS) + len(MODEL_TRANSFORMS) + len(OTHER), "a name is classified twice"
    assert table == set(acc.__all__), (f"unclassified: {sorted(set(acc.__all__) - table)}, "
                                       f"not public: {sorted(table - set(acc.__all__))}")


@pytest.mark.parametrize("name", sorted(ARRAY_FUNCTIONS))
@pytest.mark.parametrize("wrap", [Tensor, Parameter], ids=["Tensor", "Parameter"])
def test_array_function_takes_ndarray_tensor_parameter(name, wrap):
    arrays, rest, kwargs, returns = ARRAY_FUNCTIONS[name]
    fn = getattr(acc, name)
    expected = fn(*arrays, *rest, **kwargs)
    got = fn(*[wrap(a) for a in arrays], *rest, **kwargs)
    assert type(expected) is returns and type(got) is returns, (type(expected), type(got))
    if returns is np.ndarray:
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)
    else:
        assert got == expected


@pytest.mark.parametrize("name", sorted(ARRAY_FUNCTIONS))
def test_array_function_documents_what_it_returns(name):
    doc = getattr(acc, name).__doc__ or ""
    assert ("ndarray" in doc) or ARRAY_FUNCTIONS[name][3] is not np.ndarray, f"{name}'s docstring: {doc!r}"


@pytest.mark.parametrize("wrap", [Tensor, Parameter], ids=["Tensor", "Parameter"])
def test_im2col_conv_kernel_takes_ndarray_tensor_parameter(wrap):
    x, w = mats((2, 3, 6, 6), (4, 3, 3, 3))
    conv = acc.im2col_conv(acc.matmul_blocked)
    expected = conv(x, w, 2, 1)
    got = conv(wrap(x), wrap(w), 2, 1)
    assert type(expected) is np.ndarray and type(got) is np.ndarray
    np.testing.assert_array_equal(got, expected)
