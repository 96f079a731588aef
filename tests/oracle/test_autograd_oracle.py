"""tinytorch.core.tensor autograd vs torch.autograd on seeded random compositions of ops, in float64.

Each program starts from leaf tensors (x (3, 4), a row vector b (4,), a column c (3, 1), square weights W (4, 4) and
V (3, 3), all requiring grad), applies a random chain of ops (each op reads an earlier node, and its result is
multiplied or added onto the last node, so nodes are reused and gradients accumulate), and ends in a weighted sum.
The same program runs in tinytorch and in torch; every leaf gradient must match to rtol 1e-10 (float64 on both
sides: only the order of floating-point sums differs). The ops keep values bounded (exp(-h^2), (h^2 + 1)^-0.5, ...)
so long chains stay finite.
"""
import _oracle_env  # noqa: F401 - first: puts benchmarks/ on sys.path, one torch thread

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F                                                  # noqa: E402 - after _oracle_env

from tinytorch.core.tensor import Tensor, concat                                # noqa: E402 - after _oracle_env

pytestmark = pytest.mark.torch
MASK = np.random.default_rng(50).random((3, 4)) < 0.3                            # fixed masked_fill pattern

# name -> (tinytorch op, torch op); each maps a (3, 4) node (and the leaves dict L) to a (3, 4) result.
OPS = {
    "add_row": (lambda h, L: h + L["b"], lambda h, L: h + L["b"]),
    "mul_col": (lambda h, L: h * L["c"], lambda h, L: h * L["c"]),
    "sub_div": (lambda h, L: (h - L["b"]) / (L["c"] * L["c"] + 1.0),
                lambda h, L: (h - L["b"]) / (L["c"] * L["c"] + 1.0)),
    "neg": (lambda h, L: -h, lambda h, L: -h),
    "matmul": (lambda h, L: h @ L["W"], lambda h, L: h @ L["W"]),
    "transpose_matmul": (lambda h, L: (h.transpose() @ L["V"]).transpose(), lambda h, L: (h.T @ L["V"]).T),
    "exp": (lambda h, L: (h * h * -1.0).exp(), lambda h, L: (h * h * -1.0).exp()),
    "log": (lambda h, L: (h * h + 1.0).log(), lambda h, L: (h * h + 1.0).log()),
    "pow": (lambda h, L: (h * h + 1.0) ** -0.5, lambda h, L: (h * h + 1.0) ** -0.5),
    "relu": (lambda h, L: h.relu(), lambda h, L: F.relu(h)),
    "gelu": (lambda h, L: h.gelu(), lambda h, L: F.gelu(h, approximate="tanh")),
    "softmax": (lambda h, L: h.softmax(axis=-1), lambda h, L: h.softmax(dim=-1)),
    "log_softmax": (lambda h, L: h.log_softmax(axis=0), lambda h, L: h.log_softmax(dim=0)),
    "max_center": (lambda h, L: h - h.max(axis=1, keepdims=True), lambda h, L: h - h.max(dim=1, keepdim=True).values),
    "mean_center": (lambda h, L: h - h.mean(axis=0, keepdims=True), lambda h, L: h - h.mean(dim=0, keepdim=True)),
    "sum_broadcast": (lambda h, L: h * h.sum(axis=0), lambda h, L: h * h.sum(dim=0)),
    "reshape": (lambda h, L: (h.reshape(6, 2) * 0.5).reshape(3, 4), lambda h, L: (h.reshape(6, 2) * 0.5).reshape(3, 4)),
    "roll_concat": (lambda h, L: concat([h[:, 1:], h[:, :1]], axis=1), lambda h, L: torch.cat([h[:, 1:], h[:, :1]], 1)),
    "gather_rows": (lambda h, L: h[[0, 0, 2]], lambda h, L: h[[0, 0, 2]]),         # a repeated index accumulates
    "masked_fill": (lambda h, L: h.masked_fill(MASK, 0.0), lambda h, L: h.masked_fill(torch.from_numpy(MASK), 0.0)),
}
LEAF_SHAPES = {"x": (3, 4), "b": (4,), "c": (3, 1), "W": (4, 4), "V": (3, 3)}


def random_program(rng, steps: int) -> list:
    "[(op name, index of the node it reads, how it joins the last node: 'add' | 'mul' | 'replace')]."
    return [(str(rng.choice(list(OPS))), int(rng.integers(0, i + 1)), str(rng.choice(["add", "mul", "replace"])))
            for i in range(steps)]


def run_program(program, leaves: dict, ops_column: int, weights):
    "Evaluate the program on `leaves` with column 0 (tinytorch) or 1 (torch) of OPS; returns the scalar loss."
    nodes = [leaves["x"]]
    for name, source, join in program:
        out = OPS[name][ops_column](nodes[source], leaves)
        nodes.append(out if join == "replace" else (nodes[-1] + out if join == "add" else nodes[-1] * out))
    return (nodes[-1] * weights).sum()


def grads_of(program, arrays: dict, weights: np.ndarray):
    "({leaf: tinytorch grad}, {leaf: torch grad}) of the same program on the same float64 arrays."
    ours = {k: Tensor(v, requires_grad=True) for k, v in arrays.items()}
    run_program(program, ours, 0, Tensor(weights)).backward()
    theirs = {k: torch.tensor(v, requires_grad=True) for k, v in arrays.items()}
    run_program(program, theirs, 1, torch.from_numpy(weights)).backward()
    return ({k: t.grad for k, t in ours.items()},
            {k: (t.grad.numpy() if t.grad is not None else None) for k, t in theirs.items()})


def random_case(seed: int) -> tuple:
    "(float64 leaf arrays, loss weights (3, 4), program of 3..8 ops) drawn from `seed`."
    rng = np.random.default_rng(seed)
    arrays = {k: rng.standard_normal(shape) * (0.5 if k in "WV" else 1.0) for k, shape in LEAF_SHAPES.items()}
    weights = rng.standard_normal((3, 4))
    return arrays, weights, random_program(rng, steps=int(rng.integers(3, 9)))


@pytest.mark.parametrize("seed", range(40))
def test_random_composition_gradients_equal_torch(seed):
    arrays, weights, program = random_case(seed)
    ours, theirs = grads_of(program, arrays, weights)
    for leaf in LEAF_SHAPES:
        if theirs[leaf] is None:                  # the program never used this leaf: tinytorch leaves grad None too
            assert ours[leaf] is None, (leaf, program)
            continue
        assert ours[leaf] is not None and ours[leaf].dtype == np.float64, (leaf, program)
        np.testing.assert_allclose(ours[leaf], theirs[leaf], rtol=1e-10, atol=1e-12, err_msg=f"{leaf}: {program}")


def test_every_op_is_exercised():
    "The 40 seeded programs above use every op at least once (so none of them is untested)."
    used = {name for seed in range(40) for name, _, _ in random_case(seed)[2]}
    assert used == set(OPS)


@pytest.mark.parametrize("name", sorted(OPS))
def test_each_op_alone_float32_keeps_dtype_and_matches(name):
    "Each op on its own, in float32: gradients keep float32 (NumPy 2 promotion) and match torch to float32 precision."
    rng = np.random.default_rng(51)
    arrays = {k: (rng.standard_normal(shape) * 0.5).astype(np.float32) for k, shape in LEAF_SHAPES.items()}
    weights = rng.standard_normal((3, 4)).astype(np.float32)
    ours, theirs = grads_of([(name, 0, "replace")], arrays, weights)
    for leaf in LEAF_SHAPES:
        if theirs[leaf] is not None:
            assert ours[leaf].dtype == np.float32, (name, leaf)
            np.testing.assert_allclose(ours[leaf], theirs[leaf], rtol=1e-5, atol=1e-6, err_msg=f"{name}: {leaf}")
