"""tinytorch.core.nn: Module discovery/state/hooks, layers (values, shapes, errors, gradients), losses, optimizers,
and the training helpers."""
import numpy as np
import pytest

from _gradcheck import check_gradients
from tinytorch.core import nn
from tinytorch.core.nn import (GELU, SGD, AdamW, Dropout, Embedding, LayerNorm, Linear, Module, Parameter, ReLU,
                               Sequential, accuracy, cross_entropy, evaluate, fit, manual_seed, mse)
from tinytorch.core.tensor import (Tensor, current_matmul_kind, get_matmul_kernel, inference_fast_path,
                                   is_grad_enabled, no_grad, op_by_op, set_matmul_kernel)


def randn(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


# ---------------------------------------------------------------------------------------------------------------
# a small model with every kind of attribute discovery supports
# ---------------------------------------------------------------------------------------------------------------
class Attn(Module):
    def __init__(self, d):
        super().__init__()
        self.q_proj = Linear(d, d)
        self.scale = 0.5          # not a parameter: ignored


class Block(Module):
    def __init__(self, d):
        super().__init__()
        self.attn = Attn(d)
        self.ln = LayerNorm(d)


class Tiny(Module):
    def __init__(self, vocab=5, d=4, n_blocks=2):
        super().__init__()
        self.emb = Embedding(vocab, d)
        self.pos = Parameter(np.zeros((3, d)))
        self.blocks = [Block(d) for _ in range(n_blocks)]
        self.head = Linear(d, vocab, bias=False)
        self.tied = self.emb          # the same module again: its parameters must be reported once
        self.cache = Tensor(np.ones(2))  # a plain Tensor is not a parameter

    def forward(self, ids):
        x = self.emb(ids) + self.pos[: np.shape(ids)[-1]]
        for block in self.blocks:
            x = block.ln(block.attn.q_proj(x))
        return self.head(x)


EXPECTED_NAMES = ["emb.weight", "pos",
                  "blocks.0.attn.q_proj.weight", "blocks.0.attn.q_proj.bias", "blocks.0.ln.weight", "blocks.0.ln.bias",
                  "blocks.1.attn.q_proj.weight", "blocks.1.attn.q_proj.bias", "blocks.1.ln.weight", "blocks.1.ln.bias",
                  "head.weight"]


def test_named_parameters_follow_assignment_order_with_dotted_names():
    model = Tiny()
    assert [name for name, _ in model.named_parameters()] == EXPECTED_NAMES
    assert all(isinstance(p, Parameter) for p in model.parameters())
    assert model.num_parameters() == 5 * 4 + 3 * 4 + 2 * (16 + 4 + 4 + 4) + 4 * 5


def test_named_modules_children_and_modules():
    model = Tiny()
    names = [name for name, _ in model.named_modules()]
    assert names == ["", "emb", "blocks.0", "blocks.0.attn", "blocks.0.attn.q_proj", "blocks.0.ln", "blocks.1",
                     "blocks.1.attn", "blocks.1.attn.q_proj", "blocks.1.ln", "head"]
    assert [n for n, _ in model.named_children()] == ["emb", "blocks.0", "blocks.1", "head", "tied"]
    assert list(model.children())[0] is model.emb
    assert len(list(model.modules())) == len(names)


def test_shared_module_and_tied_parameter_are_listed_once():
    a = Linear(3, 3)
    model = Sequential(a, ReLU(), a)
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias"]

    class Tied(Module):
        def __init__(self):
            super().__init__()
            self.emb = Embedding(5, 3)
            self.out = Linear(3, 5, bias=False)
            self.out.weight = self.emb.weight  # weight tying (shapes differ in a real model; fine here)

    tied = Tied()
    assert [n for n, _ in tied.named_parameters()] == ["emb.weight"]
    assert tied.num_parameters() == 15 and list(tied.state_dict()) == ["emb.weight"]


def test_manual_seed_makes_models_reproducible():
    manual_seed(7)
    w1 = Tiny().state_dict()
    manual_seed(7)
    w2 = Tiny().state_dict()
    manual_seed(8)
    w3 = Tiny().state_dict()
    assert all(np.array_equal(w1[k], w2[k]) for k in w1)
    assert not np.array_equal(w1["emb.weight"], w3["emb.weight"])
    assert nn.get_rng() is not None


def test_parameter_is_a_float32_tensor_that_requires_grad():
    p = Parameter(np.arange(3, dtype=np.float64))
    assert isinstance(p, Tensor) and p.requires_grad and p.dtype == np.float32
    assert repr(p).startswith("Parameter(")


# ---------------------------------------------------------------------------------------------------------------
# state_dict / load_state_dict
# ---------------------------------------------------------------------------------------------------------------
def test_state_dict_round_trip_gives_identical_outputs():
    manual_seed(0)
    src = Tiny()
    state = src.state_dict()
    assert list(state) == EXPECTED_NAMES
    state["pos"] += 1.0  # a copy: changing it does not change the model
    assert np.all(src.pos.data == 0)
    state = src.state_dict()
    manual_seed(99)
    dst = Tiny()
    before = dst.emb.weight.data
    missing, unexpected = dst.load_state_dict(state)
    assert missing == [] and unexpected == []
    assert dst.emb.weight.data is before  # loaded in place
    ids = np.array([[0, 4, 2], [1, 1, 3]])
    np.testing.assert_array_equal(src(ids).data, dst(ids).data)


def test_load_state_dict_casts_to_the_parameter_dtype():
    layer = Linear(2, 2)
    layer.load_state_dict({"weight": np.ones((2, 2), dtype=np.float64), "bias": Tensor([1.0, 2.0])})
    assert layer.weight.dtype == np.float32 and layer.bias.data.tolist() == [1.0, 2.0]


def test_load_state_dict_errors_name_the_keys_and_shapes():
    state = Tiny().state_dict()
    model = Tiny()
    bad = dict(state)
    del bad["pos"]
    bad["extra.weight"] = np.zeros(3)
    with pytest.raises(ValueError, match=r"missing keys \['pos'\].*unexpected keys \['extra.weight'\]"):
        model.load_state_dict(bad)
    wrong = dict(state, **{"head.weight": np.zeros((4, 6))})
    with pytest.raises(ValueError, match=r"head.weight: expected shape \(4, 5\), got \(4, 6\)"):
        model.load_state_dict(wrong)
    with pytest.raises(ValueError, match="shape mismatch"):
        model.load_state_dict(wrong, strict=False)  # shapes are checked even when not strict


def test_load_state_dict_non_strict_loads_common_keys():
    model = Linear(2, 3)
    missing, unexpected = model.load_state_dict({"weight": np.full((2, 3), 2.0), "other": np.zeros(1)},
                                                strict=False)
    assert missing == ["bias"] and unexpected == ["other"]
    assert np.all(model.weight.data == 2.0)


# ---------------------------------------------------------------------------------------------------------------
# hooks, modes, zero_grad
# ---------------------------------------------------------------------------------------------------------------
class Recorder(Module):
    def __init__(self, log):
        super().__init__()
        self.log = log

    def forward(self, x):
        self.log.append(("forward", x))
        return x * 2


def test_hooks_fire_in_order_and_can_replace_inputs_and_outputs():
    log = []
    m = Recorder(log)
    m.register_forward_pre_hook(lambda mod, inputs: log.append(("pre1", inputs[0])))
    m.register_forward_pre_hook(lambda mod, inputs: (inputs[0] + 1,))  # replace the input
    m.register_forward_hook(lambda mod, inputs, out: log.append(("post1", inputs[0], out)))
    m.register_forward_hook(lambda mod, inputs, out: out * 10)          # replace the output
    m.register_forward_hook(lambda mod, inputs, out: log.append(("post3", out)))
    result = m(1)
    assert [entry[0] for entry in log] == ["pre1", "forward", "post1", "post3"]
    assert log[0][1] == 1 and log[1][1] == 2 and log[2][2] == 4 and log[3][1] == 40
    assert result == 40


def test_hook_remove_stops_it():
    calls = []
    layer = Linear(2, 2)
    handle = layer.register_forward_hook(lambda mod, inputs, out: calls.append(out.shape))
    pre = layer.register_forward_pre_hook(lambda mod, inputs: calls.append("pre"))
    layer(np.ones((3, 2), np.float32))
    handle.remove()
    pre.remove()
    handle.remove()  # removing twice is harmless
    layer(np.ones((3, 2), np.float32))
    assert calls == ["pre", (3, 2)]
    with pytest.raises(TypeError, match="callable"):
        layer.register_forward_hook("not a function")


def test_train_and_eval_reach_every_submodule():
    model = Tiny()
    assert model.training and all(m.training for m in model.modules())
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())


def test_zero_grad_clears_all_parameter_grads():
    model = Tiny()
    model(np.array([[1, 2]])).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_repr_shows_the_tree():
    text = repr(Sequential(Linear(2, 3), ReLU()))
    assert "(0): Linear(in_features=2, out_features=3, bias=True)" in text and "(1): ReLU()" in text


# ---------------------------------------------------------------------------------------------------------------
# layers
# ---------------------------------------------------------------------------------------------------------------
def test_linear_shapes_init_and_values():
    manual_seed(0)
    layer = Linear(9, 4)
    assert layer.weight.shape == (9, 4) and layer.bias.shape == (4,)
    assert layer.weight.dtype == np.float32 and np.abs(layer.weight.data).max() <= 1 / 3
    x = randn(2, 5, 9).astype(np.float32)
    out = layer(Tensor(x))
    assert out.shape == (2, 5, 4) and out.dtype == np.float32
    np.testing.assert_allclose(out.data, x @ layer.weight.data + layer.bias.data, rtol=1e-6)
    no_bias = Linear(9, 4, bias=False)
    assert no_bias.bias is None and [n for n, _ in no_bias.named_parameters()] == ["weight"]


def test_linear_shape_error_says_expected_and_got():
    with pytest.raises(ValueError, match=r"Linear\(3, 2\) expected input with last dimension 3, got shape \(2, 4\)"):
        Linear(3, 2)(np.zeros((2, 4), np.float32))


def test_linear_goes_through_the_matmul_kernel():
    calls = []

    def counting(a, b):
        calls.append((a.shape, b.shape))
        return np.matmul(a, b)

    model = Sequential(Linear(3, 5), ReLU(), Linear(5, 2))
    x = Tensor(randn(4, 3).astype(np.float32))
    expected = model(x).data
    previous = set_matmul_kernel(counting)
    try:
        out = model(x)
    finally:
        set_matmul_kernel(previous)
    assert calls == [((4, 3), (3, 5)), ((4, 5), (5, 2))]
    np.testing.assert_array_equal(out.data, expected)
    assert get_matmul_kernel() is np.matmul
    model(x)
    assert len(calls) == 2


def test_layernorm_matches_numpy_and_normalises():
    ln = LayerNorm(6)
    ln.weight.data[:] = np.arange(6)
    ln.bias.data[:] = 0.5
    x = (randn(2, 3, 6) * 3 + 1).astype(np.float32)
    out = ln(Tensor(x))
    mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    np.testing.assert_allclose(out.data, (x - mu) / np.sqrt(var + 1e-5) * np.arange(6) + 0.5, rtol=1e-5, atol=1e-5)
    assert out.dtype == np.float32
    plain = LayerNorm(6)(Tensor(x)).data
    np.testing.assert_allclose(plain.mean(-1), 0, atol=1e-5)
    np.testing.assert_allclose(plain.std(-1), 1, atol=1e-3)
    with pytest.raises(ValueError, match="LayerNorm\\(6\\) expected input with last dimension 6, got shape"):
        ln(Tensor(np.zeros((2, 5), np.float32)))


def _same_in_both_modes(layer, x):
    "layer(x) with autograd on and inside no_grad (the inference path): both results, and the graph of neither."
    graph = layer(x)
    with no_grad():
        inference = layer(x)
    assert graph.requires_grad and not inference.requires_grad and inference._parents == ()
    return graph.data, inference.data


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_and_layernorm_inference_paths_equal_the_autograd_path_bit_for_bit(dtype):
    rng = np.random.default_rng(3)
    x = Tensor((rng.normal(size=(2, 3, 7)) * 5 + 2).astype(dtype))
    ln = LayerNorm(7)
    ln.weight.data[:], ln.bias.data[:] = rng.normal(size=7), rng.normal(size=7)
    for layer in (Linear(7, 5), Linear(7, 5, bias=False), ln):
        graph, inference = _same_in_both_modes(layer, x)
        assert inference.dtype == graph.dtype == dtype, f"{layer}: dtype {inference.dtype}, autograd {graph.dtype}"
        np.testing.assert_array_equal(inference, graph, err_msg=f"{layer} under no_grad")
    ln64 = LayerNorm(7)                                  # float64 parameters promote a float32 input in both paths
    ln64.weight, ln64.bias = Parameter(rng.normal(size=7), dtype=np.float64), Parameter(np.ones(7), dtype=np.float64)
    graph, inference = _same_in_both_modes(ln64, Tensor(x.data.astype(np.float32)))
    assert inference.dtype == graph.dtype == np.float64
    np.testing.assert_array_equal(inference, graph)


def test_inference_paths_keep_the_kernel_the_kinds_the_hooks_and_the_errors():
    kinds = []

    def recording(a, b):
        kinds.append((current_matmul_kind(), a.shape, b.shape))
        return np.matmul(a, b)

    layer, seen = Linear(3, 2), []
    layer.register_forward_hook(lambda mod, inputs, out: seen.append(out.requires_grad))
    x = Tensor(randn(4, 3).astype(np.float32))
    previous = set_matmul_kernel(recording)
    try:
        with no_grad():
            layer(x)
    finally:
        set_matmul_kernel(previous)
    assert kinds == [("float", (4, 3), (3, 2))] and seen == [False]
    with no_grad():
        with pytest.raises(ValueError, match=r"Linear\(3, 2\) expected input with last dimension 3, got shape \(2, 4"):
            layer(np.zeros((2, 4), np.float32))
        with pytest.raises(ValueError, match=r"LayerNorm\(6\) expected input with last dimension 6, got shape \(\)"):
            LayerNorm(6)(Tensor(np.float32(1.0)))
        half = LayerNorm(4)(Tensor(np.ones((2, 4), np.float16)))    # float16: the autograd-op path, also inference
        assert half.dtype == np.float32 and not half.requires_grad   # (float32 parameters promote it, as with grad)


def test_op_by_op_turns_the_inference_paths_off_for_tracers_of_tensor_methods(monkeypatch):
    seen = []
    original_add = Tensor.__add__
    monkeypatch.setattr(Tensor, "__add__", lambda a, b: seen.append(a.shape) or original_add(a, b))
    x = Tensor(randn(2, 3).astype(np.float32))
    with no_grad():
        fast = Linear(3, 4)(x)
        assert inference_fast_path() and seen == []                   # the bias add bypassed the Tensor method
        with op_by_op():
            assert not inference_fast_path()
            with op_by_op():                                          # nests
                pass
            assert not inference_fast_path()
            traced = LayerNorm(3)(x)
        assert inference_fast_path()
    assert not inference_fast_path()                                  # grad mode: the autograd path anyway
    assert len(seen) >= 2 and fast.shape == (2, 4) and not traced.requires_grad   # centered+eps and +bias traced
    with pytest.raises(KeyError), op_by_op():
        raise KeyError("restored after an error")
    with no_grad():
        assert inference_fast_path()


def test_embedding_shapes_inputs_and_errors():
    emb = Embedding(7, 3)
    ids = np.array([[0, 6, 6], [2, 3, 1]])
    out = emb(ids)
    assert out.shape == (2, 3, 3) and out.dtype == np.float32
    np.testing.assert_array_equal(out.data, emb.weight.data[ids])
    assert emb(Tensor(ids.astype(np.int32))).shape == (2, 3, 3)
    assert emb(np.int64(4)).shape == (3,)
    with pytest.raises(TypeError, match="integer ids"):
        emb(np.array([0.0, 1.0]))
    with pytest.raises(IndexError, match=r"id 7 out of range \[0, 6\]"):
        emb(np.array([1, 7]))
    with pytest.raises(IndexError, match="id -1"):
        emb(np.array([-1, 2]))


def test_dropout_train_and_eval():
    drop = Dropout(0.25)
    x = Tensor(np.ones((200, 50), np.float32), requires_grad=True)
    drop.eval()
    assert np.array_equal(drop(x).data, x.data)
    drop.train()
    manual_seed(3)
    out = drop(x)
    zeros = (out.data == 0).mean()
    assert 0.22 < zeros < 0.28
    np.testing.assert_allclose(np.unique(out.data), [0.0, 1 / 0.75], rtol=1e-6)
    assert out.dtype == np.float32
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, out.data)  # gradient flows through kept elements, with the same scale
    manual_seed(3)
    np.testing.assert_array_equal(drop(x).data, out.data)  # the mask comes from the seeded module generator
    assert np.array_equal(Dropout(0.0)(x).data, x.data)
    with pytest.raises(ValueError):
        Dropout(1.0)


def test_sequential_indexing_len_iter_and_children():
    a, b, c = Linear(2, 3), GELU(), Linear(3, 1)
    seq = Sequential(a, b, c)
    assert len(seq) == 3 and seq[0] is a and seq[-1] is c and list(seq) == [a, b, c]
    assert [n for n, _ in seq.named_children()] == ["0", "1", "2"]
    tail = seq[1:]
    assert isinstance(tail, Sequential) and list(tail) == [b, c]
    x = Tensor(randn(4, 2).astype(np.float32))
    np.testing.assert_array_equal(seq(x).data, c(b(a(x))).data)
    with pytest.raises(TypeError, match="position 1"):
        Sequential(a, lambda x: x)


# gradient checks through the layers (float64: parameters are swapped for the checked tensors)
def test_linear_gradients():
    layer = Linear(3, 2)

    def run(x, w, b):
        layer.weight, layer.bias = w, b
        return layer(x)

    check_gradients(run, randn(2, 4, 3), randn(3, 2, seed=1), randn(2, seed=2))


def test_layernorm_gradients():
    ln = LayerNorm(5)

    def run(x, w, b):
        ln.weight, ln.bias = w, b
        return ln(x)

    check_gradients(run, randn(2, 3, 5) * 2, randn(5, seed=1), randn(5, seed=2))


def test_embedding_gradients_with_repeated_ids():
    emb = Embedding(4, 3)
    ids = np.array([[0, 3, 3], [3, 1, 0]])

    def run(w):
        emb.weight = w
        return emb(ids)

    check_gradients(run, randn(4, 3))


def test_gelu_relu_modules_match_functions():
    x = Tensor(randn(3, 4))
    np.testing.assert_array_equal(GELU()(x).data, x.gelu().data)
    np.testing.assert_array_equal(ReLU()(x).data, x.relu().data)


# ---------------------------------------------------------------------------------------------------------------
# losses
# ---------------------------------------------------------------------------------------------------------------
def numpy_cross_entropy(logits, targets):
    flat, t = logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)
    shifted = flat - flat.max(-1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    return -logp[np.arange(t.size), t].mean()


@pytest.mark.parametrize("shape", [(6, 4), (2, 3, 5)])
def test_cross_entropy_value_and_gradient(shape):
    logits = randn(*shape)
    targets = np.random.default_rng(1).integers(0, shape[-1], size=shape[:-1])
    x = Tensor(logits, requires_grad=True)
    loss = cross_entropy(x, targets)
    assert loss.shape == ()
    np.testing.assert_allclose(loss.item(), numpy_cross_entropy(logits, targets), rtol=1e-12)
    loss.backward()
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    one_hot = np.eye(shape[-1])[targets]
    np.testing.assert_allclose(x.grad, (probs - one_hot) / targets.size, rtol=1e-9, atol=1e-12)
    check_gradients(lambda z: cross_entropy(z, Tensor(targets)), logits)


def test_cross_entropy_is_stable_and_float32():
    logits = Tensor(np.array([[1000.0, -1000.0], [0.0, 2000.0]], np.float32), requires_grad=True)
    loss = cross_entropy(logits, np.array([1, 1]))
    assert np.isfinite(loss.item()) and loss.dtype == np.float32
    np.testing.assert_allclose(loss.item(), 1000.0, rtol=1e-6)
    loss.backward()
    assert logits.grad.dtype == np.float32 and np.all(np.isfinite(logits.grad))


def test_cross_entropy_errors():
    logits = Tensor(randn(3, 4))
    with pytest.raises(TypeError, match="integer class ids"):
        cross_entropy(logits, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"need targets of shape \(3,\), got \(2,\)"):
        cross_entropy(logits, np.array([0, 1]))
    with pytest.raises(IndexError, match=r"\[0, 3\]"):
        cross_entropy(logits, np.array([0, 1, 4]))


def test_mse_value_gradient_and_dtype():
    pred, target = randn(4, 3), randn(4, 3, seed=1)
    np.testing.assert_allclose(mse(Tensor(pred), target).item(), ((pred - target) ** 2).mean(), rtol=1e-12)
    check_gradients(lambda p: mse(p, target), pred)
    assert mse(Tensor(pred.astype(np.float32)), target).dtype == np.float32  # float64 target is cast
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(3, 4\)"):
        mse(Tensor(pred), target.T)


# ---------------------------------------------------------------------------------------------------------------
# optimizers
# ---------------------------------------------------------------------------------------------------------------
def quadratic_problem(seed=0):
    "A least-squares fit y = X w: returns (model, loss closure)."
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(32, 4)).astype(np.float32)
    y = (X @ np.array([1.0, -2.0, 0.5, 3.0], np.float32))[:, None]
    manual_seed(seed)
    model = Linear(4, 1)
    return model, lambda: mse(model(Tensor(X)), y)


@pytest.mark.parametrize("make_opt", [
    lambda ps: SGD(ps, lr=0.05), lambda ps: SGD(ps, lr=0.02, momentum=0.9),
    lambda ps: SGD(ps, lr=0.05, weight_decay=1e-3), lambda ps: AdamW(ps, lr=0.2)],
    ids=["sgd", "sgd-momentum", "sgd-weight-decay", "adamw"])
def test_optimizers_decrease_a_simple_loss(make_opt):
    model, loss_fn = quadratic_problem()
    opt = make_opt(model.parameters())
    start = loss_fn().item()
    for _ in range(60):
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        opt.step()
    assert loss_fn().item() < 0.05 * start
    assert all(p.dtype == np.float32 for p in model.parameters())


def test_sgd_momentum_and_weight_decay_match_hand_computation():
    p = Parameter(np.array([1.0, -2.0]))
    opt = SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)
    w, buf = p.data.astype(np.float64).copy(), None
    for step in range(3):
        grad = np.array([0.5, 1.0]) * (step + 1)
        p.grad = grad.astype(np.float32)
        opt.step()
        g = grad + 0.01 * w
        buf = g if buf is None else 0.9 * buf + g
        w = w - 0.1 * buf
        np.testing.assert_allclose(p.data, w, rtol=1e-6)
    assert opt.state[id(p)]["buf"].dtype == np.float32


def numpy_adamw(w, grads, lr, b1, b2, eps, wd):
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        w = w * (1 - lr * wd)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return w


def test_adamw_matches_a_numpy_reference():
    rng = np.random.default_rng(5)
    w0 = rng.normal(size=(3, 2))
    grads = [rng.normal(size=(3, 2)) for _ in range(5)]
    p = Parameter(w0)
    opt = AdamW([p], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)
    for k, g in enumerate(grads):
        p.grad = g.astype(np.float32)
        opt.step()
        expected = numpy_adamw(w0.astype(np.float32).astype(np.float64), grads[:k + 1], 0.01, 0.8, 0.99, 1e-6, 0.1)
        np.testing.assert_allclose(p.data, expected, rtol=1e-5, atol=1e-6)
    state = opt.state[id(p)]
    assert p.dtype == state["m"].dtype == state["v"].dtype == np.float32 and state["t"] == 5


def test_optimizers_skip_parameters_without_grad():
    a, b = Parameter(np.ones(2)), Parameter(np.ones(2))
    for opt in (SGD([a, b], lr=0.1, momentum=0.9), AdamW([a, b], lr=0.1)):
        a.grad, b.grad = np.ones(2, np.float32), None
        before = b.data.copy()
        opt.step()
        np.testing.assert_array_equal(b.data, before)
        assert opt.state[id(b)] == {}
        opt.zero_grad()
        assert a.grad is None


def test_optimizer_argument_errors():
    with pytest.raises(ValueError, match="empty"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match="requires_grad"):
        SGD([Tensor([1.0])], lr=0.1)
    with pytest.raises(ValueError, match="positive"):
        AdamW(Linear(2, 2).parameters(), lr=0.0)
    shared = Parameter(np.ones(2))
    assert len(SGD([shared, shared], lr=0.1).params) == 1


# ---------------------------------------------------------------------------------------------------------------
# fit / evaluate / accuracy
# ---------------------------------------------------------------------------------------------------------------
def blobs(n=120, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    centers = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.0]])
    return (centers[y] + rng.normal(scale=0.5, size=(n, 2))).astype(np.float32), y


def test_fit_trains_and_returns_history(capsys):
    X, y = blobs()
    loader = [(X[i:i + 20], y[i:i + 20]) for i in range(0, 100, 20)]
    manual_seed(0)
    model = Sequential(Linear(2, 16), ReLU(), Linear(16, 3))
    history = fit(model, AdamW(model.parameters(), lr=0.05), loader, epochs=4, val_loader=[(X[100:], y[100:])],
                  progress=False)
    assert [h["epoch"] for h in history] == [1, 2, 3, 4]
    assert set(history[0]) == {"epoch", "train_loss", "val_loss", "val_acc"}
    assert history[-1]["train_loss"] < history[0]["train_loss"]
    assert history[-1]["val_acc"] >= 0.9
    assert model.training
    val_loss, val_acc = evaluate(model, X[100:], y[100:])
    assert val_loss == pytest.approx(history[-1]["val_loss"]) and val_acc == history[-1]["val_acc"]
    only_train = fit(model, SGD(model.parameters(), lr=0.01), loader, progress=False)
    assert set(only_train[0]) == {"epoch", "train_loss"}
    assert capsys.readouterr().err == ""  # progress=False prints nothing


def test_fit_progress_bar_and_tensor_batches(capsys):
    X, y = blobs(40)
    model = Linear(2, 3)
    history = fit(model, SGD(model.parameters(), lr=0.1), [(Tensor(X), Tensor(y))], epochs=2, progress=True)
    assert len(history) == 2
    assert "epoch 2/2" in capsys.readouterr().err
    with pytest.raises(ValueError, match="no batches"):
        fit(model, SGD(model.parameters(), lr=0.1), [], progress=False)


def test_fit_with_mse_weights_losses_by_batch_size():
    model = Linear(1, 1, bias=False)
    model.weight.data[:] = 0.0
    loader = [(np.ones((1, 1), np.float32), np.full((1, 1), 2.0, np.float32)),
              (np.ones((3, 1), np.float32), np.zeros((3, 1), np.float32))]

    class NoStep(SGD):
        def step(self):
            pass

    history = fit(model, NoStep(model.parameters(), lr=0.1), loader, loss_fn=mse, val_loader=loader, progress=False)
    assert history[0]["train_loss"] == pytest.approx((4.0 * 1 + 0.0 * 3) / 4)
    assert np.isnan(history[0]["val_acc"])  # regression targets: no accuracy


class FixedLogits(Module):
    "Returns stored logits for the rows it is given (row ids are the inputs) and records its modes."

    def __init__(self, logits):
        super().__init__()
        self.logits, self.seen = logits, []

    def forward(self, x):
        self.seen.append((self.training, is_grad_enabled(), x.shape[0]))
        return Tensor(self.logits[x.data.astype(int).ravel()])


def test_evaluate_and_accuracy_use_eval_mode_no_grad_and_batches():
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(10, 4))
    y = rng.integers(0, 4, size=10)
    X = np.arange(10)[:, None].astype(np.float32)
    model = FixedLogits(logits)
    loss, acc = evaluate(model, X, y, batch_size=3)
    assert acc == pytest.approx((logits.argmax(-1) == y).mean())
    assert loss == pytest.approx(numpy_cross_entropy(logits, y))
    assert [s[2] for s in model.seen] == [3, 3, 3, 1]
    assert all(not training and not grad for training, grad, _ in model.seen)
    assert model.training  # restored
    assert accuracy(model, X, y, batch_size=256) == pytest.approx(acc)
    with pytest.raises(ValueError, match="rows"):
        evaluate(model, X, y[:5])
