"""Unit tests of tinytorch.optimization.compression (the exported reference solution of module 18).

Every function is compared with a plain-NumPy reference written here (independent of the module's code), on random
shapes and edge cases; pruning, fine-tuning and distillation are also checked end to end on the shipped digits MLP.
"""
import copy
import math

import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.optimization.quantization import model_size_bytes
from tinytorch.optimization.compression import (
    CSRLinear, MaskedOptimizer, apply_masks, check_fraction, count_nonzero_weights, csr_matmul, csr_nbytes,
    csr_to_dense, distill, distillation_loss, fine_tune, global_magnitude_prune, linear_weights, magnitude_prune,
    measure_sparsity, next_linear, structured_prune, to_csr, to_csr_model)


def mlp(sizes, seed=0, act=nn.ReLU, dtype=np.float32):
    "Sequential of Linear layers with `act` between them, seeded; parameters cast to `dtype`."
    nn.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(act())
    model = nn.Sequential(*layers)
    for p in model.parameters():
        p.data = p.data.astype(dtype)
    return model


def numpy_forward(model, x):
    "Reference forward pass of a Linear/ReLU Sequential in plain NumPy."
    for m in model:
        x = x @ m.weight.data + m.bias.data if isinstance(m, nn.Linear) else np.maximum(x, 0)
    return x


def reference_mask(w, sparsity):
    "Prune round(sparsity * size) smallest |w|; ties: lower flat index first."
    keep = np.ones(w.size, dtype=bool)
    keep[np.argsort(np.abs(w).ravel(), kind="stable")[:round(sparsity * w.size)]] = False
    return keep.reshape(w.shape)


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def reference_distillation(s, t, labels, T, alpha):
    log_ps, log_pt = log_softmax(s / T), log_softmax(t / T)
    kl = (np.exp(log_pt) * (log_pt - log_ps)).sum(axis=-1).mean()
    return alpha * T * T * kl - (1 - alpha) * log_softmax(s)[np.arange(len(labels)), labels].mean()


# ---- validation --------------------------------------------------------------------------------------------------
def test_check_fraction_accepts_fractions_and_explains_percents():
    assert check_fraction(0) == 0.0 and check_fraction(np.float32(0.5)) == 0.5 and check_fraction(1) == 1.0
    with pytest.raises(ValueError, match="did you mean 0.7"):
        check_fraction(70)
    for bad in (1.01, -0.2, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="sparsity"):
            check_fraction(bad)
    for bad in ("0.5", None, True, [0.5]):
        with pytest.raises(TypeError):
            check_fraction(bad)


# ---- Task 1: magnitude_prune ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(1,), (7,), (5, 3), (4, 4, 4), (64, 128)])
@pytest.mark.parametrize("sparsity", [0.0, 0.1, 0.25, 0.5, 0.7, 0.75, 0.95, 1.0])
def test_magnitude_prune_matches_reference(shape, sparsity):
    w = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    mask = magnitude_prune(w, sparsity)
    assert mask.dtype == np.bool_ and mask.shape == w.shape
    np.testing.assert_array_equal(mask, reference_mask(w, sparsity))
    assert (~mask).sum() == round(sparsity * w.size)
    if 0 < (~mask).sum() < w.size:           # every kept weight is at least as large as every pruned one
        assert np.abs(w[mask]).min() >= np.abs(w[~mask]).max()


@pytest.mark.parametrize("size, sparsity, pruned", [(5, 0.5, 2), (7, 0.5, 4), (10, 0.25, 2), (10, 0.75, 8),
                                                    (10, 0.35, 4), (3, 0.5, 2), (1, 0.5, 0)])
def test_magnitude_prune_count_is_round_half_to_even(size, sparsity, pruned):
    assert round(sparsity * size) == pruned   # documents Python's rule next to the expectation
    assert (~magnitude_prune(np.arange(1.0, size + 1), sparsity)).sum() == pruned


def test_magnitude_prune_ties_prune_lower_flat_index_first():
    w = np.array([[2.0, -1.0, 1.0], [1.0, -1.0, 3.0]])
    np.testing.assert_array_equal(magnitude_prune(w, 0.5), [[True, False, False], [False, True, True]])
    np.testing.assert_array_equal(magnitude_prune(np.zeros(4), 0.5), [False, False, True, True])


def test_magnitude_prune_leaves_the_weight_alone_and_rejects_bad_sparsity():
    w = np.random.default_rng(2).standard_normal((6, 6))
    before = w.copy()
    magnitude_prune(w, 0.5)
    np.testing.assert_array_equal(w, before)
    with pytest.raises(ValueError, match="fraction"):
        magnitude_prune(w, 50)
    with pytest.raises(ValueError):
        magnitude_prune(w, -0.1)


# ---- Task 2: global pruning and sparsity ---------------------------------------------------------------------------
@pytest.mark.parametrize("sparsity", [0.0, 0.3, 0.5, 0.7, 0.9, 1.0])
def test_global_prune_ranks_all_layers_together(sparsity):
    model = mlp((16, 32, 24, 10), seed=3)
    weights = [p.data.copy() for _, p in linear_weights(model)]
    biases = [m.bias.data.copy() for m in model if isinstance(m, nn.Linear)]
    flat_keep = reference_mask(np.concatenate([w.ravel() for w in weights]), sparsity)
    masks = global_magnitude_prune(model, sparsity)
    assert list(masks) == ["0.weight", "2.weight", "4.weight"]
    start = 0
    for (name, p), w0, b0, layer in zip(linear_weights(model), weights, biases,
                                        [m for m in model if isinstance(m, nn.Linear)]):
        keep = flat_keep[start:start + w0.size].reshape(w0.shape)
        start += w0.size
        np.testing.assert_array_equal(masks[name], keep)
        np.testing.assert_array_equal(p.data, np.where(keep, w0, 0))
        np.testing.assert_array_equal(layer.bias.data, b0)
    total = sum(w.size for w in weights)
    assert measure_sparsity(model) == round(sparsity * total) / total


def test_global_prune_prefers_the_layer_with_smaller_weights():
    model = mlp((8, 8, 8), seed=4)
    model[0].weight.data += np.sign(model[0].weight.data)          # |w| >= 1 here, < 0.4 in layer 2
    masks = global_magnitude_prune(model, 0.5)
    assert masks["0.weight"].all() and not masks["2.weight"].any()


def test_measure_sparsity_is_a_fraction_of_linear_weights_only():
    model = mlp((4, 5, 2), seed=5)
    model[0].weight.data[:2] = 0                                    # 10 of 30 weights
    model[0].bias.data[:] = 0                                       # biases never count
    assert measure_sparsity(model) == pytest.approx(10 / 30, abs=0)
    with pytest.raises(ValueError):
        measure_sparsity(nn.Sequential(nn.ReLU()))
    with pytest.raises(ValueError):
        global_magnitude_prune(nn.Sequential(nn.ReLU()), 0.5)


def test_linear_weights_names_match_the_state_dict():
    model = mlp((3, 4, 5, 2))
    names = [n for n, _ in linear_weights(model)]
    assert names == ["0.weight", "2.weight", "4.weight"] and set(names) <= set(model.state_dict())
    assert [n for n, _ in linear_weights(nn.Linear(2, 3))] == ["weight"]


# ---- Task 3: masked fine-tuning ------------------------------------------------------------------------------------
def _pretrained(seed):
    "A small model and an AdamW that already has momentum for every weight (pruning mid-training)."
    model = mlp((6, 10, 10, 3), seed=seed)
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((32, 6)).astype(np.float32), rng.integers(0, 3, 32)
    optimizer = nn.AdamW(model.parameters(), lr=0.05, weight_decay=0.3)
    for _ in range(4):
        optimizer.zero_grad()
        nn.cross_entropy(model(Tensor(x)), y).backward()
        optimizer.step()
    return model, optimizer, x, y


def _train(model, optimizer, x, y, steps):
    for _ in range(steps):
        optimizer.zero_grad()
        nn.cross_entropy(model(Tensor(x)), y).backward()
        optimizer.step()


def test_plain_adamw_revives_pruned_weights():
    "The failure MaskedOptimizer exists for: without it, momentum and weight decay move zeros."
    model, optimizer, x, y = _pretrained(6)
    masks = global_magnitude_prune(model, 0.6)
    _train(model, optimizer, x, y, steps=3)
    assert measure_sparsity(model) < 0.01, "plain AdamW should have moved the pruned weights"
    assert masks


def test_masked_optimizer_keeps_exact_zeros_and_trains_the_rest_like_adamw():
    model, optimizer, x, y = _pretrained(7)
    masks = global_magnitude_prune(model, 0.6)
    reference, ref_opt, _, _ = _pretrained(7)
    ref_masks = global_magnitude_prune(reference, 0.6)
    _train(model, MaskedOptimizer(optimizer, model, masks), x, y, steps=8)
    for _ in range(8):                                              # plain AdamW, masks re-applied by hand
        _train(reference, ref_opt, x, y, steps=1)
        for name, p in linear_weights(reference):
            p.data[~ref_masks[name]] = 0
    assert measure_sparsity(model) == pytest.approx(0.6, abs=1e-3)
    for (name, p), (_, q) in zip(linear_weights(model), linear_weights(reference)):
        assert np.all(p.data[~masks[name]] == 0)
        np.testing.assert_allclose(p.data, q.data, rtol=1e-6, atol=1e-7)


def test_masked_optimizer_works_with_fit_and_sgd_momentum():
    model, _, x, y = _pretrained(8)
    masks = {name: np.random.default_rng(0).random(p.shape) > 0.5 for name, p in linear_weights(model)}
    optimizer = MaskedOptimizer(nn.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01), model, masks)
    nn.fit(model, optimizer, [(x, y)] * 4, epochs=3, progress=False)
    for name, p in linear_weights(model):
        assert np.all(p.data[~masks[name]] == 0) and np.all(p.data[masks[name]] != 0)


def test_apply_masks_validates_names_shapes_and_dtype():
    model = mlp((3, 4, 2))
    with pytest.raises(KeyError, match="9.weight"):
        apply_masks(model, {"9.weight": np.ones((3, 4), bool)})
    with pytest.raises(ValueError):
        apply_masks(model, {"0.weight": np.ones((4, 3), bool)})
    with pytest.raises(ValueError):
        apply_masks(model, {"0.weight": np.ones((3, 4))})


# ---- Task 4: CSR ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape, zeros", [((1, 1), 0.0), ((1, 1), 1.0), ((4, 7), 0.5), ((33, 17), 0.9),
                                          ((8, 8), 1.0), ((1, 30), 0.3), ((30, 1), 0.3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_to_csr_round_trips_and_counts_bytes(shape, zeros, dtype):
    rng = np.random.default_rng(9)
    w = rng.standard_normal(shape).astype(dtype)
    w[rng.random(shape) < zeros] = 0
    csr = to_csr(w)
    assert csr.data.dtype == dtype and csr.indices.dtype == np.int32 and csr.indptr.dtype == np.int32
    assert csr.shape == shape and all(type(d) is int for d in csr.shape)
    assert csr.indptr[0] == 0 and csr.indptr[-1] == np.count_nonzero(w) and len(csr.indptr) == shape[0] + 1
    for r in range(shape[0]):                                       # each row: its nonzeros, columns ascending
        cols = csr.indices[csr.indptr[r]:csr.indptr[r + 1]]
        np.testing.assert_array_equal(cols, np.flatnonzero(w[r]))
        np.testing.assert_array_equal(csr.data[csr.indptr[r]:csr.indptr[r + 1]], w[r, cols])
    np.testing.assert_array_equal(csr_to_dense(csr), w)
    nnz = np.count_nonzero(w)
    assert csr_nbytes(csr) == nnz * np.dtype(dtype).itemsize + 4 * nnz + 4 * (shape[0] + 1)


def test_csr_saves_memory_only_above_half_sparsity_in_float32():
    w = np.random.default_rng(10).standard_normal((256, 256)).astype(np.float32)
    for sparsity, smaller in [(0.4, False), (0.6, True), (0.9, True)]:
        pruned = w * magnitude_prune(w, sparsity)
        assert (csr_nbytes(to_csr(pruned)) < pruned.nbytes) == smaller


@pytest.mark.parametrize("batch, rows, cols, zeros", [(1, 1, 1, 0.0), (3, 5, 7, 0.5), (64, 40, 30, 0.9),
                                                     (2, 6, 4, 1.0), (9, 1, 12, 0.2), (5, 12, 1, 0.2)])
@pytest.mark.parametrize("dtype, tol", [(np.float32, 1e-5), (np.float64, 1e-12)])
def test_csr_matmul_equals_dense_matmul(batch, rows, cols, zeros, dtype, tol):
    rng = np.random.default_rng(11)
    w = rng.standard_normal((rows, cols)).astype(dtype)
    w[rng.random((rows, cols)) < zeros] = 0
    x = rng.standard_normal((batch, rows)).astype(dtype)
    got = csr_matmul(x, to_csr(w))
    assert got.dtype == dtype and got.shape == (batch, cols)
    np.testing.assert_allclose(got, x @ w, rtol=tol, atol=tol)


def test_csr_matmul_rejects_mismatched_shapes():
    csr = to_csr(np.eye(3, dtype=np.float32))
    with pytest.raises(ValueError, match=r"\(2, 4\)"):
        csr_matmul(np.ones((2, 4), np.float32), csr)
    with pytest.raises(ValueError):
        csr_matmul(np.ones(3, np.float32), csr)
    with pytest.raises(ValueError):
        to_csr(np.ones(3))


def test_csr_model_computes_the_same_function_in_fewer_bytes():
    model = mlp((16, 64, 32, 10), seed=12)
    global_magnitude_prune(model, 0.8)
    csr_model = to_csr_model(model)
    assert all(isinstance(m, CSRLinear) for m in csr_model if not isinstance(m, nn.ReLU))
    x = np.random.default_rng(12).standard_normal((7, 16)).astype(np.float32)
    with no_grad():
        np.testing.assert_allclose(csr_model(Tensor(x)).data, model(Tensor(x)).data, rtol=1e-5, atol=1e-6)
    assert csr_model(Tensor(x)).dtype == np.float32
    assert model_size_bytes(csr_model) < 0.5 * model_size_bytes(model)
    assert count_nonzero_weights(csr_model) == count_nonzero_weights(model)


# ---- Task 5: structured pruning ------------------------------------------------------------------------------------
@pytest.mark.parametrize("sizes, index, fraction, norm", [((8, 16, 4), 0, 0.5, "l1"), ((8, 16, 12, 4), 2, 0.25, "l2"),
                                                         ((8, 16, 12, 4), 0, 0.9, "l1"), ((5, 3, 2), 0, 0.0, "l2")])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_structured_prune_equals_the_masked_original(sizes, index, fraction, norm, dtype):
    model = mlp(sizes, seed=13, dtype=dtype)
    before = copy.deepcopy(model)
    w = model[index].weight.data
    scores = np.abs(w).sum(axis=0) if norm == "l1" else np.linalg.norm(w.astype(np.float64), axis=0)
    keep = np.sort(np.argsort(scores, kind="stable")[round(fraction * w.shape[1]):])
    small = structured_prune(model, index, fraction, norm)

    masked = copy.deepcopy(model)
    removed = np.setdiff1d(np.arange(w.shape[1]), keep)
    masked[index].weight.data[:, removed] = 0
    masked[index].bias.data[removed] = 0
    x = np.random.default_rng(13).standard_normal((10, sizes[0])).astype(dtype)
    with no_grad():
        got = small(Tensor(x)).data
    assert got.dtype == dtype
    np.testing.assert_allclose(got, numpy_forward(masked, x), rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-6)
    np.testing.assert_array_equal(small[index].weight.data, w[:, keep])
    np.testing.assert_array_equal(small[index + 2].weight.data, model[index + 2].weight.data[keep])
    assert small[index].out_features == small[index + 2].in_features == len(keep)
    for a, b in zip(model.parameters(), before.parameters()):      # the original is untouched
        np.testing.assert_array_equal(a.data, b.data)


def test_structured_prune_halving_both_hidden_layers_quarters_the_middle_weight():
    model = mlp((64, 128, 64, 10), seed=14)
    small = structured_prune(structured_prune(model, 0, 0.5), 2, 0.5)
    assert [m.weight.shape for m in small if isinstance(m, nn.Linear)] == [(64, 64), (64, 32), (32, 10)]


def test_structured_prune_allows_gelu_and_refuses_other_layers_between():
    model = mlp((6, 8, 3), seed=15, act=nn.GELU)
    small = structured_prune(model, 0, 0.5)
    masked = copy.deepcopy(model)
    keep = np.sort(np.argsort(np.abs(model[0].weight.data).sum(axis=0), kind="stable")[4:])
    removed = np.setdiff1d(np.arange(8), keep)
    masked[0].weight.data[:, removed] = 0
    masked[0].bias.data[removed] = 0
    x = Tensor(np.random.default_rng(15).standard_normal((4, 6)).astype(np.float32))
    with no_grad():
        np.testing.assert_allclose(small(x).data, masked(x).data, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="LayerNorm"):
        structured_prune(nn.Sequential(nn.Linear(4, 6), nn.LayerNorm(6), nn.Linear(6, 2)), 0, 0.5)
    with pytest.raises(ValueError, match="last Linear"):
        structured_prune(model, 2, 0.5)
    with pytest.raises(ValueError, match="must be a Linear"):
        structured_prune(model, 1, 0.5)
    with pytest.raises(ValueError, match="at least one"):
        structured_prune(model, 0, 1.0)
    with pytest.raises(ValueError, match="norm"):
        structured_prune(model, 0, 0.5, norm="max")
    with pytest.raises(ValueError):
        next_linear(nn.Linear(3, 3), 0)


# ---- Task 6: distillation ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("T, alpha", [(1.0, 0.0), (1.0, 0.5), (2.0, 0.9), (4.0, 1.0), (10.0, 0.3)])
def test_distillation_loss_matches_reference_and_keeps_float32(T, alpha):
    rng = np.random.default_rng(16)
    s = (rng.standard_normal((12, 10)) * 3).astype(np.float32)
    t = (rng.standard_normal((12, 10)) * 3).astype(np.float32)
    labels = rng.integers(0, 10, 12)
    loss = distillation_loss(Tensor(s, requires_grad=True), Tensor(t), labels, T, alpha)
    assert loss.shape == () and loss.dtype == np.float32
    np.testing.assert_allclose(loss.item(), reference_distillation(s.astype(np.float64), t.astype(np.float64),
                                                                   labels, T, alpha), rtol=2e-5, atol=2e-6)


def test_distillation_soft_gradient_scale_does_not_vanish_with_temperature():
    "With the T² factor the soft term's gradient stays O(1) as T grows (without it, it would shrink like 1/T²)."
    rng = np.random.default_rng(17)
    s, t = rng.standard_normal((8, 5)), rng.standard_normal((8, 5))
    norms = []
    for T in (2.0, 20.0):
        student = Tensor(s.copy(), requires_grad=True)
        distillation_loss(student, t, np.zeros(8, dtype=np.int64), T, alpha=1.0).backward()
        norms.append(np.linalg.norm(student.grad))
    assert 0.5 < norms[1] / norms[0] < 2.0, norms


@pytest.mark.parametrize("T, alpha", [(1.0, 0.5), (3.0, 0.9), (0.5, 0.2), (8.0, 1.0)])
def test_distillation_gradient_matches_finite_differences(T, alpha):
    rng = np.random.default_rng(18)
    s, t, labels = rng.standard_normal((4, 6)) * 2, rng.standard_normal((4, 6)) * 2, rng.integers(0, 6, 4)
    teacher = Tensor(t, requires_grad=True)
    student = Tensor(s.copy(), requires_grad=True)
    distillation_loss(student, teacher, labels, T, alpha).backward()
    assert teacher.grad is None, "no gradient may flow into the teacher"
    eps, numeric = 1e-6, np.zeros_like(s)
    for idx in np.ndindex(s.shape):
        up, down = s.copy(), s.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (reference_distillation(up, t, labels, T, alpha)
                        - reference_distillation(down, t, labels, T, alpha)) / (2 * eps)
    np.testing.assert_allclose(student.grad, numeric, rtol=1e-5, atol=1e-8)


def test_distillation_loss_rejects_bad_input():
    s, t, labels = Tensor(np.zeros((2, 3))), np.zeros((2, 3)), np.array([0, 1])
    for kwargs in (dict(temperature=0.0), dict(temperature=-2.0), dict(temperature=math.inf), dict(alpha=1.5)):
        with pytest.raises(ValueError):
            distillation_loss(s, t, labels, **kwargs)
    with pytest.raises(ValueError):
        distillation_loss(s, np.zeros((2, 4)), labels)
    with pytest.raises(TypeError):
        distillation_loss(np.zeros((2, 3)), t, labels)


# ---- end to end on the shipped model -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def digits():
    from tinytorch.core.data import load_digits
    from tinytorch.core.transformer import load_digits_mlp
    return load_digits(), load_digits_mlp()


def test_fine_tuning_at_70_percent_keeps_exact_zeros_and_accuracy(digits):
    (X_train, y_train, X_test, y_test), teacher = digits
    dense = nn.accuracy(teacher, X_test, y_test)
    model = copy.deepcopy(teacher)
    masks = global_magnitude_prune(model, 0.7)
    fine_tune(model, masks, X_train, y_train, epochs=3, seed=1)
    assert measure_sparsity(model) == pytest.approx(0.7, abs=1e-4)
    for name, p in linear_weights(model):
        assert np.all(p.data[~masks[name]] == 0)
    assert nn.accuracy(model, X_test, y_test) >= dense - 0.02       # the benchmark holds the 1-point target


def test_distilled_student_is_small_and_close_to_the_teacher(digits):
    (X_train, y_train, X_test, y_test), teacher = digits
    nn.manual_seed(0)
    student = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    assert student.num_parameters() <= teacher.num_parameters() / 4
    history = distill(student, teacher, X_train, y_train, epochs=15, temperature=4.0, alpha=0.9, seed=0)
    assert [h["epoch"] for h in history] == list(range(1, 16))
    assert history[-1]["train_loss"] < history[0]["train_loss"]
    assert nn.accuracy(student, X_test, y_test) >= nn.accuracy(teacher, X_test, y_test) - 0.03
