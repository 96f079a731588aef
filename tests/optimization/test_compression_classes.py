"""Module 18's classes and structured pruning beyond MLPs (issue 18): channels_to_keep, prune_conv_channels,
prune_heads / prune_mlp_neurons, StructuredPruner, MagnitudePruner, KnowledgeDistillation, sensitivity_scan,
choose_layer_sparsities, sparsity_pattern and the plots.

Structured pruning is checked by its defining property: the smaller model computes exactly what the original computes
with the removed channels' weights and biases set to 0 (a NumPy-built masked copy), on random CNNs and TinyGPTs.
"""
import copy

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from tinytorch.core import nn
from tinytorch.core.data import DataLoader
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.core.transformer import TinyGPT, load_digits_cnn, load_digits_mlp
from tinytorch.optimization.compression import (
    HeadPrunedAttention, KnowledgeDistillation, MagnitudePruner, StructuredPruner, channels_to_keep,
    choose_layer_sparsities, distill, fine_tune, global_magnitude_prune, linear_weights, magnitude_prune,
    measure_sparsity, plot_sensitivity, plot_sparsity_pattern, prune_conv_channels, prune_heads, prune_mlp_neurons,
    sensitivity_scan, sparsity_pattern, structured_prune, to_csr_model)
from tinytorch.optimization.compression import SensitivityScan


def reference_keep(w, fraction, norm="l1", axis=0):
    rows = np.moveaxis(np.asarray(w, dtype=np.float64), axis, 0).reshape(w.shape[axis], -1)
    scores = np.abs(rows).sum(axis=1) if norm == "l1" else np.sqrt((rows ** 2).sum(axis=1))
    return np.sort(np.argsort(scores, kind="stable")[round(fraction * len(scores)):])


def state(model):
    return {name: p.data.copy() for name, p in model.named_parameters()}


def same_state(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def forward(model, x):
    with no_grad():
        return model(x if isinstance(x, Tensor) else Tensor(x)).data


def cnn(channels=(6, 10), seed=0, image=8):
    "Reshape -> Conv -> ReLU -> MaxPool -> Conv -> ReLU -> MaxPool -> Flatten -> Linear, random weights."
    nn.manual_seed(seed)
    c1, c2 = channels
    side = image // 4
    return nn.Sequential(nn.Reshape(1, image, image), nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(c2 * side * side, 7))


# ---- channels_to_keep ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,axis", [((9,), 0), ((12, 5), 0), ((5, 12), 1), ((8, 4, 3, 3), 0), ((4, 8, 3, 3), 1),
                                        ((3, 4, 5), -1)])
@pytest.mark.parametrize("norm", ["l1", "l2"])
@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.5])
def test_channels_to_keep_matches_a_numpy_reference(shape, axis, norm, fraction):
    w = np.random.default_rng(len(shape) * 10 + axis).standard_normal(shape).astype(np.float32)
    got = channels_to_keep(w, fraction, norm, axis)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, reference_keep(w, fraction, norm, axis))


def test_channels_to_keep_ties_remove_the_lower_index_first_and_errors():
    w = np.ones((40, 2), dtype=np.float32)
    np.testing.assert_array_equal(channels_to_keep(w, 0.5), np.arange(20, 40))
    for bad in (dict(fraction=1.0), dict(fraction=0.5, norm="l3"), dict(fraction=0.5, axis=2)):
        with pytest.raises(ValueError):
            channels_to_keep(w, **bad)
    assert channels_to_keep(Tensor(w), 0.25).tolist() == channels_to_keep(nn.Parameter(w), 0.25).tolist()


# ---- conv channels -----------------------------------------------------------------------------------------------
def masked_conv_copy(model, index, keep):
    "A copy of `model` with the filters (weight and bias) of Conv2d `index` outside `keep` set to 0."
    masked = copy.deepcopy(model)
    removed = np.setdiff1d(np.arange(model[index].out_channels), keep)
    masked[index].weight.data[removed] = 0
    masked[index].bias.data[removed] = 0
    return masked


@pytest.mark.parametrize("index,fraction,norm", [(1, 0.5, "l1"), (1, 0.34, "l2"), (4, 0.5, "l1"), (4, 0.7, "l2")])
def test_prune_conv_channels_equals_the_masked_original(index, fraction, norm):
    model = cnn(seed=index)
    before = state(model)
    keep = reference_keep(model[index].weight.data, fraction, norm)
    small = prune_conv_channels(model, index, fraction, norm)
    assert same_state(before, state(model)), "the input model must not change"
    assert small[index].weight.shape[0] == small[index].out_channels == len(keep)
    np.testing.assert_array_equal(small[index].weight.data, model[index].weight.data[keep])
    x = np.random.default_rng(1).standard_normal((5, 64)).astype(np.float32)
    np.testing.assert_allclose(forward(small, x), forward(masked_conv_copy(model, index, keep), x), atol=1e-5)
    consumer = small[4] if index == 1 else small[8]
    if index == 1:
        assert consumer.weight.shape[1] == consumer.in_channels == len(keep)
    else:
        assert consumer.weight.shape[0] == consumer.in_features == 4 * len(keep)    # 2x2 features per channel


def test_prune_conv_channels_refuses_a_conv_without_a_known_consumer():
    model = nn.Sequential(nn.Reshape(1, 4, 4), nn.Conv2d(1, 3, 3, padding=1))
    with pytest.raises(ValueError, match="cannot be removed"):
        prune_conv_channels(model, 1, 0.5)


def test_structured_pruner_on_the_shipped_cnn_prunes_both_convs_and_trains():
    model = load_digits_cnn()
    before = state(model)
    pruner = StructuredPruner(0.5)
    assert pruner.plan(model) == [("1", "conv"), ("4", "conv")]
    small = pruner.prune(model)
    assert same_state(before, state(model))
    assert (small[1].out_channels, small[4].in_channels, small[4].out_channels, small[8].in_features) == (4, 4, 8, 32)
    x = np.random.default_rng(0).standard_normal((64, 64)).astype(np.float32)
    y = np.random.default_rng(1).integers(0, 10, 64)
    first = state(small)
    history = fine_tune(small, None, x, y, epochs=1)                 # any model: no masks
    assert len(history) == 1 and not same_state(first, state(small))


# ---- TinyGPT heads and MLP neurons ---------------------------------------------------------------------------------
def tiny_gpt(seed=0, n_heads=4):
    nn.manual_seed(seed)
    model = TinyGPT(20, d_model=24, n_heads=n_heads, n_layers=2, max_len=16)
    model.eval()
    return model


def head_scores(attn, norm):
    "Per-head norms from a plain NumPy reference: q/k/v columns and out_proj rows of each head."
    H, D = attn.n_heads, attn.head_dim
    blocks = []
    for h in range(H):
        cols = slice(h * D, (h + 1) * D)
        parts = [p.weight.data[:, cols].T.ravel() for p in (attn.q_proj, attn.k_proj, attn.v_proj)]
        parts.append(attn.out_proj.weight.data[cols, :].ravel())
        blocks.append(np.concatenate(parts).astype(np.float64))
    blocks = np.array(blocks)
    return np.abs(blocks).sum(axis=1) if norm == "l1" else np.sqrt((blocks ** 2).sum(axis=1))


@pytest.mark.parametrize("fraction,norm", [(0.25, "l1"), (0.5, "l2"), (0.75, "l1")])
def test_prune_heads_equals_the_original_with_those_heads_silenced(fraction, norm):
    attn = tiny_gpt(seed=3).blocks[1].attn
    H, D = attn.n_heads, attn.head_dim
    keep = np.sort(np.argsort(head_scores(attn, norm), kind="stable")[round(fraction * H):])
    small = prune_heads(attn, fraction, norm)
    assert isinstance(small, HeadPrunedAttention) and small.n_heads == len(keep) and small.head_dim == D
    assert small.q_proj.weight.shape == (attn.d_model, len(keep) * D)
    masked = copy.deepcopy(attn)
    for h in set(range(H)) - set(keep.tolist()):
        masked.out_proj.weight.data[h * D:(h + 1) * D] = 0            # a silent head contributes nothing
    x = np.random.default_rng(2).standard_normal((2, 7, attn.d_model)).astype(np.float32)
    np.testing.assert_allclose(forward(small, x), forward(masked, x), atol=1e-5)


def test_prune_mlp_neurons_equals_the_masked_original():
    mlp = tiny_gpt(seed=4).blocks[0].mlp
    keep = reference_keep(mlp.fc1.weight.data, 0.5, "l2", axis=1)
    small = prune_mlp_neurons(mlp, 0.5, "l2")
    masked = copy.deepcopy(mlp)
    removed = np.setdiff1d(np.arange(mlp.fc1.out_features), keep)
    masked.fc1.weight.data[:, removed] = 0
    masked.fc1.bias.data[removed] = 0
    x = np.random.default_rng(5).standard_normal((3, 4, 24)).astype(np.float32)
    np.testing.assert_allclose(forward(small, x), forward(masked, x), atol=1e-5)
    assert small.fc1.out_features == small.fc2.in_features == len(keep)


def test_structured_pruner_on_tinygpt_keeps_forward_and_the_kv_cache_working():
    from tinytorch.generation.kv_cache import generate as cached_generate
    model = tiny_gpt(seed=6)
    before = state(model)
    pruner = StructuredPruner(0.5)
    assert [kind for _, kind in pruner.plan(model)] == ["heads", "mlp", "heads", "mlp"]
    small = pruner.prune(model)
    assert same_state(before, state(model))
    assert all(block.attn.n_heads == 2 and block.mlp.fc1.out_features == 48 for block in small.blocks)
    assert small.num_parameters() < model.num_parameters()
    tokens = np.random.default_rng(7).integers(0, 20, (2, 9))
    assert forward(small, tokens).shape == (2, 9, 20)
    prompt = np.array([1, 2, 3])
    np.testing.assert_array_equal(small.generate(prompt, 8), cached_generate(small, prompt, 8, use_cache=True))
    only_heads = StructuredPruner(0.5, layers=["blocks.0.attn"]).prune(model)
    assert only_heads.blocks[0].attn.n_heads == 2 and only_heads.blocks[1].attn.n_heads == 4


def test_structured_pruner_errors_name_the_problem():
    with pytest.raises(ValueError, match="not prunable"):
        StructuredPruner(0.5, layers=["4"]).plan(load_digits_mlp())       # the output layer
    with pytest.raises(TypeError, match="CSRLinear"):
        StructuredPruner(0.5).prune(to_csr_model(load_digits_mlp()))
    with pytest.raises(ValueError):
        StructuredPruner(1.5)
    with pytest.raises(ValueError, match="norm"):
        StructuredPruner(0.5, norm="l3")


def test_structured_pruner_on_an_mlp_is_structured_prune_layer_by_layer():
    model = load_digits_mlp()
    expected = structured_prune(structured_prune(model, 0, 0.5, "l2"), 2, 0.5, "l2")
    got = StructuredPruner(0.5, "l2").prune(model)
    assert same_state(state(expected), state(got))


# ---- MagnitudePruner ------------------------------------------------------------------------------------------------
def test_magnitude_pruner_global_is_global_magnitude_prune_and_layer_scope_is_per_layer():
    model = load_digits_mlp()
    before = state(model)
    pruned, masks = MagnitudePruner(0.7).prune(model)
    assert same_state(before, state(model)) and pruned is not model
    expected, expected_masks = global_magnitude_prune(model, 0.7, inplace=False)
    assert same_state(state(expected), state(pruned))
    assert all(np.array_equal(masks[k], expected_masks[k]) for k in masks)
    per_layer, masks = MagnitudePruner(0.7, scope="layer").prune(model)
    for name, weight in linear_weights(per_layer):
        np.testing.assert_array_equal(weight.data == 0, ~magnitude_prune(dict(linear_weights(model))[name], 0.7))
    same, _ = MagnitudePruner(0.5).prune(model, inplace=True)
    assert same is model and abs(measure_sparsity(model) - 0.5) < 1e-3
    with pytest.raises(ValueError, match="scope"):
        MagnitudePruner(0.5, scope="row")


def test_magnitude_pruner_prunes_conv_weights_too_and_the_zeros_survive_training_and_int8():
    from tinytorch.optimization.compression import weight_values
    from tinytorch.optimization.quantization import QuantizedConv2d, quantize_model
    model = load_digits_cnn()
    pruned, masks = MagnitudePruner(0.5).prune(model)
    assert list(masks) == ["1.weight", "4.weight", "8.weight"] and masks["1.weight"].shape == (8, 1, 3, 3)
    weights = np.concatenate([p.data.ravel() for _, p in linear_weights(model)])
    keep = np.concatenate([masks[name].ravel() for name in masks])
    assert (~keep).sum() == round(0.5 * weights.size)                             # one global ranking
    assert np.abs(weights[~keep]).max() <= np.abs(weights[keep]).min()
    assert measure_sparsity(pruned) == pytest.approx(0.5, abs=1e-3)
    layer, masks_layer = MagnitudePruner(0.5, scope="layer").prune(model)
    assert all(abs((~m).mean() - 0.5) < 0.02 for m in masks_layer.values())       # every layer, conv included
    X = np.random.default_rng(0).standard_normal((32, 64)).astype(np.float32)
    y = np.arange(32) % 10
    fine_tune(pruned, masks, X, y, epochs=2, lr=1e-2)
    for name, p in linear_weights(pruned):
        assert np.all(p.data[~masks[name]] == 0), name                            # MaskedOptimizer keeps conv zeros
    q = quantize_model(pruned, [X])
    assert sum(isinstance(m, QuantizedConv2d) for m in q.modules()) == 2
    assert [name for name, _ in weight_values(q)] == ["1.weight", "4.weight", "8.weight"]
    assert measure_sparsity(q) == pytest.approx(measure_sparsity(pruned))        # int8 code 0 <=> weight 0


# ---- KnowledgeDistillation ------------------------------------------------------------------------------------------
def small_mlp(seed):
    nn.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))


def test_knowledge_distillation_fit_is_distill_and_takes_batches():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((96, 64)).astype(np.float32), rng.integers(0, 10, 96)
    teacher = load_digits_mlp()
    teacher_before = state(teacher)
    a, b = small_mlp(1), small_mlp(1)
    history = KnowledgeDistillation(temperature=3.0, alpha=0.7).fit(a, teacher, (X, y), epochs=2)
    assert [h["epoch"] for h in history] == [1, 2] and all(np.isfinite(h["train_loss"]) for h in history)
    assert history == distill(b, teacher, X, y, epochs=2, temperature=3.0, alpha=0.7)
    assert same_state(state(a), state(b)) and same_state(teacher_before, state(teacher))
    c = small_mlp(1)
    loader = DataLoader(X, y, batch_size=32, shuffle=True, seed=0)
    assert KnowledgeDistillation(3.0, 0.7).fit(c, teacher, loader, epochs=2) == history
    with pytest.raises(ValueError, match="temperature"):
        KnowledgeDistillation(temperature=0)


# ---- sensitivity scan and the greedy choice -----------------------------------------------------------------------
def test_sensitivity_scan_prunes_one_layer_at_a_time():
    model = load_digits_mlp()
    before = state(model)
    seen = []

    def evaluate(m):
        zeros = {name: float((w.data == 0).mean()) for name, w in linear_weights(m)}
        seen.append(zeros)
        return sum(zeros.values())

    scan = sensitivity_scan(model, evaluate, sparsities=(0.25, 0.5))
    assert same_state(before, state(model))
    assert list(scan) == ["0.weight", "2.weight", "4.weight"] and scan.sizes["4.weight"] == 640
    for name, points in scan.items():
        assert [s for s, _ in points] == [0.25, 0.5]
        for s, metric in points:
            assert metric == pytest.approx(s, abs=1e-3)                 # only that layer has zeros
    assert all(sum(v > 0 for v in z.values()) <= 1 for z in seen)
    cnn_scan = sensitivity_scan(load_digits_cnn(), evaluate, sparsities=(0.5,))
    assert list(cnn_scan) == ["1.weight", "4.weight", "8.weight"] and cnn_scan.sizes["4.weight"] == 16 * 8 * 3 * 3
    assert all(points[0][1] == pytest.approx(0.5, abs=1e-2) for points in cnn_scan.values())


def test_choose_layer_sparsities_greedy_rule():
    scan = SensitivityScan({"a": [(0.5, 0.97), (0.9, 0.80)], "b": [(0.5, 0.96), (0.9, 0.955)]},
                           sizes={"a": 100, "b": 100}, baseline=0.98)
    # budget 0.5 of 200 weights: first step a->0.5 (cost 0.01) beats b->0.5 (0.02); then b->0.5 (a->0.9 fails the
    # gate): kept 100 = budget.
    assert choose_layer_sparsities(scan, 0.5, accuracy_gate=0.95) == {"a": 0.5, "b": 0.5}
    assert choose_layer_sparsities(scan, 0.3, accuracy_gate=0.95) == {"a": 0.5, "b": 0.9}
    assert choose_layer_sparsities(scan, 0.75, accuracy_gate=0.95) == {"a": 0.5, "b": 0.0}
    with pytest.raises(ValueError, match="budget"):
        choose_layer_sparsities(scan, 0.2, accuracy_gate=0.95)
    losses = SensitivityScan({"a": [(0.5, 1.1), (0.9, 3.0)], "b": [(0.5, 1.5)]}, {"a": 10, "b": 10}, 1.0,
                             higher_is_better=False)
    assert choose_layer_sparsities(losses, 0.75, accuracy_gate=2.0) == {"a": 0.5, "b": 0.0}


# ---- sparsity pattern -------------------------------------------------------------------------------------------
def test_sparsity_pattern_per_output_and_input_channel_and_plots():
    model = cnn()
    model[1].weight.data[2] = 0
    model[8].weight.data[:, 3] = 0
    model[8].weight.data[5, :] = 0
    out = sparsity_pattern(model)
    assert list(out) == ["1.weight", "4.weight", "8.weight"]
    w = model[8].weight.data
    np.testing.assert_array_equal(out["8.weight"], (w == 0).mean(axis=0))
    assert out["1.weight"][2] == 1.0 and out["1.weight"].shape == (6,)
    inp = sparsity_pattern(model, per="input")
    np.testing.assert_array_equal(inp["8.weight"], (w == 0).mean(axis=1))
    np.testing.assert_array_equal(inp["4.weight"], (model[4].weight.data == 0).mean(axis=(0, 2, 3)))
    fig = plot_sparsity_pattern(out)
    assert len(fig.axes) == 3
    scan = SensitivityScan({"a": [(0.5, 0.9)]}, {"a": 4}, 1.0)
    assert len(plot_sensitivity(scan, gate=0.8).lines) == 2
    with pytest.raises(ValueError, match="per"):
        sparsity_pattern(model, per="row")
