"""Module 18 composes with the rest (issue 17): one byte count, pruning + int8, CSR for any model, clear errors.

- bytes come from Module 17's `model_size_bytes` only (module 18 has no second counter);
- `measure_sparsity` / `count_nonzero_weights` read float weights, int8 codes (`weight_codes`) and CSR values alike;
- pruning an int8 or CSR model raises a TypeError naming the layer ("prune the float model, then quantize");
- every model walk raises on a layer holding arrays it does not know, naming its dotted path and type;
- `to_csr_model` works on any model (TinyGPT: same logits, cached generation) and leaves its input untouched;
- `CSRLinear.to_linear()` is the equivalent dense Linear (how Module 17's quantize_model quantizes a CSR model).
"""
import copy

import numpy as np
import pytest

import tinytorch.optimization.compression as compression
from tinytorch.core import nn
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.optimization.compression import (CSRLinear, apply_masks, count_nonzero_weights, csr_to_dense, distill,
                                                fine_tune, global_magnitude_prune, linear_weights, magnitude_prune,
                                                measure_sparsity, to_csr_model, weight_values)
from tinytorch.optimization.quantization import QuantizedLinear, model_size_bytes, quantize_model, weight_codes


def mlp(sizes=(12, 16, 8, 4), seed=0):
    nn.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(sizes) - 2 else [])
    return nn.Sequential(*layers)


def state(model):
    return {name: p.data.copy() for name, p in model.named_parameters()}


def same_state(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


class Scaler(nn.Module):
    "A layer module 18 does not know: it holds a weight (an ndarray) of its own."

    def __init__(self, dim):
        super().__init__()
        self.gain = np.ones(dim, dtype=np.float32)

    def forward(self, x):
        return Tensor(np.asarray(x.data if isinstance(x, Tensor) else x) * self.gain)


@pytest.fixture(scope="module")
def digits():
    from tinytorch.core.data import load_digits
    from tinytorch.core.transformer import load_digits_mlp
    return load_digits(), load_digits_mlp()


@pytest.fixture(scope="module")
def gpt():
    from tinytorch.core.transformer import load_tinygpt
    return load_tinygpt()[0]


# ---- 1. one byte count ---------------------------------------------------------------------------------------------
def test_module_18_has_no_second_byte_counter():
    assert not hasattr(compression, "model_nbytes")
    assert not any("nbytes" in name and name != "csr_nbytes" for name in compression.__all__)


def test_model_size_bytes_counts_the_csr_arrays_and_biases():
    model = mlp()
    global_magnitude_prune(model, 0.8)
    csr_model = to_csr_model(model)
    expected = sum(m.csr.data.nbytes + m.csr.indices.nbytes + m.csr.indptr.nbytes + m.bias.nbytes
                   for m in csr_model.modules() if isinstance(m, CSRLinear))
    assert model_size_bytes(csr_model) == expected


def test_count_nonzero_weights_on_every_kind(digits):
    (X_train, *_), teacher = digits
    model = copy.deepcopy(teacher)
    global_magnitude_prune(model, 0.7)
    expected = sum(int(np.count_nonzero(p.data)) for _, p in linear_weights(model))
    assert count_nonzero_weights(model) == expected
    assert count_nonzero_weights(to_csr_model(model)) == expected
    int8 = quantize_model(model, [X_train[:128]])
    codes = [weight_codes(m) for m in int8.modules() if isinstance(m, QuantizedLinear)]
    assert len(codes) == 3
    assert count_nonzero_weights(int8) == sum(int(np.count_nonzero(c)) for c in codes) > 0
    # every kept weight of this model is far from zero at int8 resolution, so the codes keep exactly its zeros
    assert count_nonzero_weights(int8) == expected


def test_count_nonzero_weights_reads_a_quantized_subclass_through_weight_codes():
    class OtherStorage(QuantizedLinear):       # a quantized layer that stores its codes its own way
        pass

    layer = QuantizedLinear.from_float(mlp((5, 3))[0])
    layer.weight_q.data[0] = 0
    other = OtherStorage(5, 3)
    other.__dict__.update(copy.deepcopy(layer.__dict__))
    assert count_nonzero_weights(nn.Sequential(other)) == int(np.count_nonzero(weight_codes(other))) == 12


# ---- 2. pruning and int8 compose -----------------------------------------------------------------------------------
def test_measure_sparsity_is_the_same_on_float_int8_and_csr(digits):
    (X_train, *_), teacher = digits
    pruned, masks = global_magnitude_prune(teacher, 0.7, inplace=False)
    expected = sum(int((~m).sum()) for m in masks.values()) / sum(m.size for m in masks.values())
    assert measure_sparsity(pruned) == expected == pytest.approx(0.7, abs=1e-4)
    assert measure_sparsity(to_csr_model(pruned)) == expected
    assert measure_sparsity(quantize_model(pruned, [X_train[:128]])) == expected
    assert measure_sparsity(quantize_model(pruned, observer=None)) == expected


@pytest.mark.parametrize("prune", [lambda m: global_magnitude_prune(m, 0.5),
                                   lambda m: global_magnitude_prune(m, 0.5, inplace=False),
                                   lambda m: apply_masks(m, {}),
                                   lambda m: linear_weights(m)])
def test_pruning_an_int8_model_raises_naming_the_layer(prune):
    int8 = quantize_model(mlp(), observer=None)
    with pytest.raises(TypeError, match=r"'0' is a QuantizedLinear.*prune the float model, then quantize"):
        prune(int8)


def test_pruning_a_csr_model_raises_naming_the_layer():
    csr_model = to_csr_model(mlp())
    with pytest.raises(TypeError, match=r"'0' is a CSRLinear.*prune the float model"):
        global_magnitude_prune(csr_model, 0.5)


@pytest.mark.parametrize("walk", [linear_weights, weight_values, measure_sparsity, count_nonzero_weights,
                                  to_csr_model, lambda m: global_magnitude_prune(m, 0.5),
                                  lambda m: apply_masks(m, {})])
def test_every_walk_names_an_unknown_layer_holding_arrays(walk):
    model = nn.Sequential(nn.Linear(4, 4), nn.Sequential(nn.ReLU(), Scaler(4)), nn.Linear(4, 2))
    with pytest.raises(TypeError, match=r"'1\.1' is a Scaler holding arrays \['gain'\]"):
        walk(model)


def test_known_float_layers_are_kept_not_pruned():
    nn.manual_seed(1)
    model = nn.Sequential(nn.Embedding(10, 6), nn.LayerNorm(6), nn.Linear(6, 5), nn.GELU(), nn.Dropout(0.1),
                          nn.Linear(5, 3))
    assert [n for n, _ in linear_weights(model)] == ["2.weight", "5.weight"]
    assert [n for n, _ in weight_values(model)] == ["2.weight", "5.weight"]
    csr_model = to_csr_model(model)
    assert [type(m).__name__ for m in csr_model] == ["Embedding", "LayerNorm", "CSRLinear", "GELU", "Dropout",
                                                     "CSRLinear"]


# ---- 3. to_csr_model on any model ----------------------------------------------------------------------------------
def test_to_csr_model_tinygpt_same_logits_input_untouched(gpt):
    pruned, _ = global_magnitude_prune(gpt, 0.7, inplace=False)
    before = state(pruned)
    csr_gpt = to_csr_model(pruned)
    assert same_state(state(pruned), before)
    assert all(isinstance(m, nn.Linear) for m in [pruned.head, pruned.blocks[0].attn.q_proj])
    assert not any(isinstance(m, nn.Linear) for m in csr_gpt.modules())
    assert sum(isinstance(m, CSRLinear) for m in csr_gpt.modules()) == sum(
        isinstance(m, nn.Linear) for m in pruned.modules())
    tokens = np.arange(48) % gpt.config["vocab_size"]
    with no_grad():
        dense, sparse = pruned(tokens).data, csr_gpt(tokens).data
    np.testing.assert_allclose(sparse, dense, rtol=1e-4, atol=1e-4)
    assert model_size_bytes(csr_gpt) < model_size_bytes(pruned)
    assert measure_sparsity(csr_gpt) == measure_sparsity(pruned)


def test_cached_generation_on_a_csr_tinygpt(gpt):
    from tinytorch.generation.kv_cache import generate
    pruned, _ = global_magnitude_prune(gpt, 0.5, inplace=False)
    csr_gpt = to_csr_model(pruned)
    prompt = np.array([1, 5, 9, 2, 7])
    out = generate(csr_gpt, prompt, 12, use_cache=True)
    assert out.shape == (17,) and np.array_equal(out[:5], prompt)
    np.testing.assert_array_equal(out, generate(pruned, prompt, 12, use_cache=True))
    np.testing.assert_array_equal(out, generate(csr_gpt, prompt, 12, use_cache=False))


def test_to_csr_model_of_a_single_linear_and_of_an_int8_model():
    layer = mlp((4, 3))[0]
    assert isinstance(to_csr_model(layer), CSRLinear)
    with pytest.raises(TypeError, match=r"'0' is a QuantizedLinear.*convert the float model to CSR first"):
        to_csr_model(quantize_model(mlp(), observer=None))


def test_csr_linear_to_linear_is_the_equivalent_dense_layer():
    model = mlp((7, 5, 3), seed=3)
    global_magnitude_prune(model, 0.6)
    csr_layer = to_csr_model(model)[0]
    rng_state = copy.deepcopy(nn.get_rng().bit_generator.state)
    dense = csr_layer.to_linear()
    assert nn.get_rng().bit_generator.state == rng_state, "to_linear must not draw random numbers"
    assert type(dense) is nn.Linear and (dense.in_features, dense.out_features) == (7, 5)
    assert isinstance(dense.weight, nn.Parameter) and isinstance(dense.bias, nn.Parameter)
    np.testing.assert_array_equal(dense.weight.data, model[0].weight.data)
    np.testing.assert_array_equal(dense.bias.data, model[0].bias.data)
    assert dense.weight.data.dtype == np.float32
    dense.bias.data += 1                                  # a copy: the CSR layer is unchanged
    np.testing.assert_array_equal(csr_layer.bias, model[0].bias.data)
    np.testing.assert_array_equal(csr_to_dense(csr_layer.csr), model[0].weight.data)


def test_quantize_model_of_a_csr_model_equals_quantizing_the_float_model(digits):
    (X_train, _, X_test, _), teacher = digits
    pruned, _ = global_magnitude_prune(teacher, 0.7, inplace=False)
    from_csr = quantize_model(to_csr_model(pruned), [X_train[:128]])
    assert any(isinstance(m, QuantizedLinear) for m in from_csr.modules()), "CSR layers were skipped, not quantized"
    direct = quantize_model(pruned, [X_train[:128]])
    with no_grad():
        np.testing.assert_array_equal(from_csr(Tensor(X_test)).data, direct(Tensor(X_test)).data)
    assert measure_sparsity(from_csr) == measure_sparsity(pruned)


# ---- 4. convention details -----------------------------------------------------------------------------------------
def test_global_magnitude_prune_inplace_keyword():
    model = mlp(seed=4)
    before = state(model)
    copy_, masks = global_magnitude_prune(model, 0.6, inplace=False)
    assert same_state(state(model), before), "inplace=False must leave the model untouched"
    reference = mlp(seed=4)
    ref_masks = global_magnitude_prune(reference, 0.6)          # default: in place, returns the masks
    assert isinstance(ref_masks, dict) and ref_masks.keys() == masks.keys()
    assert all(np.array_equal(masks[k], ref_masks[k]) for k in masks)
    assert same_state(state(copy_), state(reference))
    assert global_magnitude_prune(model, 0.6, inplace=True).keys() == masks.keys()
    with pytest.raises(ValueError, match="sparsity"):
        global_magnitude_prune(model, 1.5, inplace=False)


def test_magnitude_prune_takes_a_parameter():
    w = mlp((6, 5))[0].weight
    mask = magnitude_prune(w, 0.4)
    assert type(mask) is np.ndarray and mask.dtype == np.bool_
    np.testing.assert_array_equal(mask, magnitude_prune(w.data, 0.4))


def test_fine_tune_and_distill_return_the_same_history_format(digits):
    (X_train, y_train, *_), teacher = digits
    model = copy.deepcopy(teacher)
    tuned = fine_tune(model, {}, X_train[:256], y_train[:256], epochs=2)
    nn.manual_seed(0)
    student = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))
    distilled = distill(student, teacher, X_train[:256], y_train[:256], epochs=2)
    for history in (tuned, distilled):
        assert [sorted(h) for h in history] == [["epoch", "train_loss"]] * 2
        assert [h["epoch"] for h in history] == [1, 2]
        assert all(isinstance(h["train_loss"], float) and h["train_loss"] > 0 for h in history)
