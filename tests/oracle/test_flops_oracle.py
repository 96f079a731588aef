"""tinytorch.profiling.profiler.count_flops(matmul_only=True) vs torch.utils.flop_counter.FlopCounterMode.

torch's counter counts matrix products and convolutions only (2 FLOPs per multiply-accumulate; bias adds,
activations and softmax are not counted), so we compare tinytorch's matmul-only count: Linear layers (2-D and 3-D
inputs), broadcast batched matmuls, a convolution (tinytorch has no conv layer: the module below runs
tinytorch.optimization.acceleration's im2col and one Tensor matmul, whose count must equal torch's conv2d count),
and the whole shipped TinyGPT against its torch port (projections, attention scores and weighted values, MLP, head).
The full count (matmul_only=False) adds elementwise ops that torch does not count; it is checked to be larger.
"""
import _oracle_env  # noqa: F401 - first: puts benchmarks/ on sys.path, one torch thread

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch.utils.flop_counter import FlopCounterMode                              # noqa: E402 - after _oracle_env
from _torch_tinygpt import TorchTinyGPT                                           # noqa: E402 - after _oracle_env

from tinytorch.core import nn                                                     # noqa: E402 - after _oracle_env
from tinytorch.core.tensor import Tensor                                          # noqa: E402 - after _oracle_env
from tinytorch.core.transformer import load_tinygpt                               # noqa: E402 - after _oracle_env
from tinytorch.optimization.acceleration import conv2d_output_shape, im2col       # noqa: E402 - after _oracle_env
from tinytorch.profiling.profiler import count_flops                              # noqa: E402 - after _oracle_env

pytestmark = pytest.mark.torch


def torch_flops(fn, *args) -> int:
    "Total FLOPs torch's FlopCounterMode records for fn(*args)."
    with torch.inference_mode(), FlopCounterMode(display=False) as counter:
        fn(*args)
    return int(counter.get_total_flops())


class MatmulBy(nn.Module):
    "x @ weight for a fixed weight Tensor of any shape (broadcast batched matmul)."

    def __init__(self, weight: np.ndarray):
        super().__init__()
        self.weight = Tensor(weight)

    def forward(self, x):
        return x @ self.weight


class Im2colConv(nn.Module):
    "Convolution as im2col + one matmul: x (N, C, H, W) -> (N*OH*OW, F) (the FLOPs are those of the matmul)."

    def __init__(self, weight: np.ndarray, stride: int, padding: int):
        super().__init__()
        self.kernel, self.stride, self.padding = weight.shape, stride, padding
        self.weight = Tensor(weight.reshape(weight.shape[0], -1).T.copy())            # (C*KH*KW, F)

    def forward(self, x):
        cols = im2col(x.data, self.kernel[2], self.kernel[3], self.stride, self.padding)
        return Tensor(cols) @ self.weight


def mlp_layers(sizes, linear, relu) -> list:
    "[linear(sizes[0], sizes[1]), relu(), ..., linear(sizes[-2], sizes[-1])] for either library's classes."
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers += [linear(n_in, n_out)] + ([relu()] if i < len(sizes) - 2 else [])
    return layers


@pytest.mark.parametrize("sizes, input_shape", [([64, 128, 10], (32, 64)), ([16, 48, 48, 5], (4, 7, 16)),
                                                ([3, 1], (1, 3))])
def test_linear_stack_flops_equal_torch(sizes, input_shape):
    nn.manual_seed(60)
    model = nn.Sequential(*mlp_layers(sizes, nn.Linear, nn.ReLU))
    torch_model = torch.nn.Sequential(*mlp_layers(sizes, torch.nn.Linear, torch.nn.ReLU))
    ours = count_flops(model, input_shape, matmul_only=True)
    theirs = torch_flops(torch_model, torch.zeros(input_shape))
    assert ours.total == theirs > 0
    assert count_flops(model, input_shape).total > ours.total        # + bias adds and ReLUs, which torch ignores


@pytest.mark.parametrize("a_shape, b_shape", [((8, 16), (16, 4)), ((2, 3, 5, 7), (7, 6)), ((4, 5, 6), (4, 6, 3)),
                                              ((2, 1, 5, 7), (3, 7, 2)), ((9,), (9, 4))])
def test_broadcast_matmul_flops_equal_torch(a_shape, b_shape):
    weight = np.random.default_rng(61).standard_normal(b_shape).astype(np.float32)
    ours = count_flops(MatmulBy(weight), a_shape, matmul_only=True).total
    theirs = torch_flops(torch.matmul, torch.zeros(a_shape), torch.from_numpy(weight))
    assert ours == theirs > 0


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", [((1, 3, 32, 32), (16, 3, 3, 3), 1, 1),
                                                              ((2, 4, 9, 11), (5, 4, 3, 2), 2, 0),
                                                              ((3, 1, 8, 8), (2, 1, 1, 1), 1, 0)])
def test_conv_flops_equal_torch_conv2d(x_shape, w_shape, stride, padding):
    weight = np.random.default_rng(62).standard_normal(w_shape).astype(np.float32)
    ours = count_flops(Im2colConv(weight, stride, padding), x_shape, matmul_only=True).total
    theirs = torch_flops(lambda x: torch.nn.functional.conv2d(x, torch.from_numpy(weight), stride=stride,
                                                              padding=padding), torch.zeros(x_shape))
    n, f, oh, ow = conv2d_output_shape(x_shape, w_shape, stride, padding)
    assert ours == theirs == 2 * n * oh * ow * f * int(np.prod(w_shape[1:]))


def test_tinygpt_flops_equal_torch_port():
    model, _ = load_tinygpt()
    port = TorchTinyGPT.from_tinytorch(model)
    ours = count_flops(model, (2, 40), dtype=np.int64, matmul_only=True)
    theirs = torch_flops(port, torch.zeros((2, 40), dtype=torch.int64))
    assert ours.total == theirs > 0
    assert set(ours.by_op) == {"matmul"}
