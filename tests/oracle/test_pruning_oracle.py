"""tinytorch.optimization.compression magnitude pruning vs torch.nn.utils.prune (L1 unstructured), same weights.

Conventions (read from torch 2.13.0's source and checked here):
* count: both prune round(amount * size) weights with Python's round (halves to even), e.g. 2 of 10 at amount 0.25.
* order: both remove the smallest |w|. Without ties the masks are equal.
* ties at the threshold: tinytorch removes the lower flat index first (a stable argsort, documented in
  magnitude_prune); torch takes torch.topk(largest=False), whose choice among equal values is unspecified. So with
  ties the masks agree everywhere except inside the class of weights whose |w| equals the threshold, where both
  remove the same number.
* layout: tinytorch's Linear weight is (in, out), torch's is (out, in): the torch mask is compared transposed. For a
  global prune the ranking is over all weights at once in both, so the layout does not matter.
"""
import _oracle_env  # noqa: F401 - first: puts benchmarks/ on sys.path, one torch thread

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch.nn.utils import prune                                              # noqa: E402 - after _oracle_env

from tinytorch.core import nn                                                 # noqa: E402 - after _oracle_env
from tinytorch.optimization.compression import global_magnitude_prune, magnitude_prune  # noqa: E402 - after _oracle_env

pytestmark = pytest.mark.torch


def torch_linear(weight_in_out: np.ndarray) -> torch.nn.Linear:
    "A torch Linear holding the tinytorch weight (in, out) as its (out, in) weight."
    n_in, n_out = weight_in_out.shape
    layer = torch.nn.Linear(n_in, n_out, bias=False)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight_in_out.T)))
    return layer


def torch_l1_mask(weight_in_out: np.ndarray, amount: float) -> np.ndarray:
    "torch's l1_unstructured keep-mask for the weight, in tinytorch's (in, out) layout, bool."
    layer = torch_linear(weight_in_out)
    prune.l1_unstructured(layer, "weight", amount=amount)
    return layer.weight_mask.numpy().T.astype(bool)


@pytest.mark.parametrize("amount", [0.0, 0.1, 0.25, 0.5, 0.7, 0.9, 1.0])
def test_magnitude_prune_equals_l1_unstructured(amount):
    rng = np.random.default_rng(30)
    for _ in range(10):
        shape = tuple(int(n) for n in rng.integers(1, 40, size=2))
        weight = rng.standard_normal(shape).astype(np.float32)          # continuous values: no ties
        ours = magnitude_prune(weight, amount)
        assert ours.dtype == np.bool_ and ours.shape == weight.shape
        np.testing.assert_array_equal(ours, torch_l1_mask(weight, amount))


def test_rounding_of_the_count_is_the_same():
    "amount * size exactly half way: 0.25 * 10 = 2.5 and 0.75 * 10 = 7.5 round to even, 2 and 8, in both."
    weight = np.arange(1, 11, dtype=np.float32).reshape(2, 5) * np.float32(0.1)
    for amount, pruned in ((0.25, 2), (0.75, 8), (0.35, 4), (0.45, 4)):
        ours = magnitude_prune(weight, amount)
        assert (~ours).sum() == pruned
        np.testing.assert_array_equal(ours, torch_l1_mask(weight, amount))


def test_ties_differ_only_inside_the_tied_class():
    "Integer-valued weights tie a lot: the masks agree outside the threshold's tie class and prune as many."
    rng = np.random.default_rng(31)
    for _ in range(20):
        weight = rng.integers(-4, 5, size=(16, 12)).astype(np.float32)
        amount = float(rng.uniform(0.05, 0.95))
        ours, theirs = magnitude_prune(weight, amount), torch_l1_mask(weight, amount)
        assert (~ours).sum() == (~theirs).sum()
        threshold = np.abs(weight)[~ours].max() if (~ours).any() else -1.0
        outside = np.abs(weight) != threshold
        np.testing.assert_array_equal(ours[outside], theirs[outside])
        # tinytorch's documented tie order: within the tie class, the lower flat indices are removed first.
        tied = np.flatnonzero(~outside)
        removed = tied[~ours.ravel()[tied]]
        np.testing.assert_array_equal(removed, tied[:removed.size])


@pytest.mark.parametrize("amount", [0.3, 0.7, 0.9])
def test_global_prune_equals_global_unstructured(amount):
    nn.manual_seed(32)
    model = nn.Sequential(nn.Linear(20, 30), nn.ReLU(), nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 5))
    torch_layers = [torch_linear(m.weight.data) for m in model if isinstance(m, nn.Linear)]
    masks = global_magnitude_prune(model, amount)
    prune.global_unstructured([(layer, "weight") for layer in torch_layers], prune.L1Unstructured, amount=amount)
    assert list(masks) == ["0.weight", "2.weight", "4.weight"]
    for ours, layer in zip(masks.values(), torch_layers):
        np.testing.assert_array_equal(ours, layer.weight_mask.numpy().T.astype(bool))
