"""Module 17, issue 17: one byte count for every layer kind, sparse int8 storage of pruned layers (stacking), no
silently skipped layer in quantize_model, TinyGPT quantized whole, and the int8 products on the active matmul kernel.

Byte counts are written out by hand (shapes x bytes per element), never computed with the function under test.
"""
import numpy as np
import pytest

from tinytorch.core.data import load_digits
from tinytorch.core.nn import (GELU, Dropout, Embedding, LayerNorm, Linear, Module, Parameter, ReLU, Sequential,
                               manual_seed)
from tinytorch.core.tensor import Tensor, current_matmul_kind, get_matmul_kernel, no_grad, use_matmul_kernel
from tinytorch.core.transformer import TinyGPT, load_digits_mlp
from tinytorch.optimization.quantization import (
    MinMaxObserver, QuantizedLinear, SparseQuantizedLinear, linear_equivalents, model_size_bytes, quantize_model,
    sparse_int8_nbytes, weight_codes)


# ---- helpers -----------------------------------------------------------------------------------------------------
def linear_with(weight, bias=None):
    "A Linear holding exactly these float32 weights (in, out) and bias (out,) (zeros when None)."
    layer = Linear(*weight.shape)
    layer.weight.data[...] = weight
    layer.bias.data[...] = 0.0 if bias is None else bias
    return layer


def prune_by_hand(model, sparsity):
    "In place: zero the `sparsity` fraction of smallest-|w| Linear weights over the whole model (global magnitude)."
    weights = [m.weight.data for m in model.modules() if isinstance(m, Linear)]
    threshold = np.quantile(np.concatenate([np.abs(w).ravel() for w in weights]), sparsity)
    for w in weights:
        w[np.abs(w) <= threshold] = 0.0
    return model


def calibration_batches():
    X_train = load_digits()[0]
    return [X_train[i:i + 64] for i in range(0, 512, 64)]


def column_patterned_linear(rows=16, cols=8, nonzero=30, seed=0):
    "Linear(rows, cols), zero bias, exactly `nonzero` weights of +-1 (so exactly `nonzero` nonzero int8 codes)."
    rng = np.random.default_rng(seed)
    w = np.zeros(rows * cols, np.float32)
    w[rng.choice(rows * cols, nonzero, replace=False)] = rng.choice([-1.0, 1.0], nonzero)
    return linear_with(w.reshape(rows, cols))


# ---- 1. one byte count, right for every layer kind ------------------------------------------------------------------
def test_bytes_linear_embedding_layernorm():
    assert model_size_bytes(Sequential(Linear(10, 20))) == (10 * 20 + 20) * 4
    assert model_size_bytes(Sequential(Linear(10, 20, bias=False))) == 10 * 20 * 4
    assert model_size_bytes(Sequential(Embedding(50, 8))) == 50 * 8 * 4
    assert model_size_bytes(Sequential(LayerNorm(8))) == 2 * 8 * 4            # weight and bias
    assert model_size_bytes(Sequential(ReLU(), GELU(), Dropout(0.1))) == 0


def test_bytes_quantized_linear_static_dynamic_per_tensor():
    manual_seed(0)
    lin = Linear(37, 23)
    obs = MinMaxObserver()
    obs.observe(np.random.default_rng(0).normal(size=(8, 37)).astype(np.float32))
    static = QuantizedLinear.from_float(lin, obs)
    dynamic = QuantizedLinear.from_float(lin, None)
    per_tensor = QuantizedLinear.from_float(lin, obs, per_channel=False)
    assert model_size_bytes(static) == 37 * 23 + 23 * 4 + 23 * 4                   # codes, scales, int32 bias
    assert model_size_bytes(dynamic) == 37 * 23 + 23 * 4 + 23 * 4 + 23 * 4          # + float bias, int32 colsum
    assert model_size_bytes(per_tensor) == 37 * 23 + 1 * 4 + 23 * 4


def test_bytes_sparse_quantized_linear_static_and_dynamic():
    lin = column_patterned_linear(16, 8, nonzero=30)
    obs = MinMaxObserver()
    obs.observe(np.linspace(-1, 1, 32, dtype=np.float32))
    static = SparseQuantizedLinear.from_quantized(QuantizedLinear.from_float(lin, obs))
    dynamic = SparseQuantizedLinear.from_quantized(QuantizedLinear.from_float(lin, None))
    mask, values = 16 * 8 // 8, 30                                                 # 1 bit per weight, 1 B per code
    assert model_size_bytes(static) == mask + values + 8 * 4 + 8 * 4
    assert model_size_bytes(dynamic) == mask + values + 8 * 4 + 8 * 4 + 8 * 4
    assert sparse_int8_nbytes(weight_codes(static)) == mask + values
    odd = SparseQuantizedLinear.from_quantized(QuantizedLinear.from_float(column_patterned_linear(3, 5, 4), None))
    assert odd.weight_mask.nbytes == 2                                               # ceil(15 / 8) bytes


def test_bytes_csr_linear_of_module_18():
    from tinytorch.optimization import compression   # module 18 builds on 17: the two must compose
    lin = column_patterned_linear(16, 8, nonzero=30)
    csr_layer = compression.CSRLinear(lin)
    expected = 30 * 4 + 30 * 4 + (16 + 1) * 4 + 8 * 4          # float32 values, int32 columns, int32 row ptrs, bias
    assert model_size_bytes(Sequential(csr_layer)) == expected


def test_bytes_tinygpt_fp32_and_int8():
    manual_seed(0)
    V, d, L, n_layers = 11, 16, 32, 2
    gpt = TinyGPT(V, d_model=d, n_heads=2, n_layers=n_layers, max_len=L)
    block = 2 * d + 4 * (d * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d)   # ln1, q/k/v/out, ln2, mlp
    fp32 = 4 * (V * d + L * d + n_layers * block + 2 * d + d * V + V)
    assert model_size_bytes(gpt) == fp32

    def int8_linear(fan_in, fan_out):          # static: codes + float32 scale + int32 bias per output
        return fan_in * fan_out + 8 * fan_out

    int8_block = 4 * (2 * d + 2 * d) + 4 * int8_linear(d, d) + int8_linear(d, 4 * d) + int8_linear(4 * d, d)
    int8 = 4 * (V * d + L * d + 2 * d) + n_layers * int8_block + int8_linear(d, V)
    batches = [np.random.default_rng(1).integers(0, V, size=(2, 8))]
    qgpt = quantize_model(gpt, batches, sparse=False)
    assert model_size_bytes(qgpt) == int8


def test_bytes_shared_arrays_counted_once():
    model = Module()
    model.a, model.b = Linear(5, 5), Linear(5, 5)
    model.b.weight = model.a.weight                                   # weight tying
    model.c = Embedding(5, 5)
    model.c.weight = Parameter(model.a.weight.data)                   # another Parameter around the same array
    assert model_size_bytes(model) == 4 * (25 + 5 + 5)


# ---- 2. sparse int8 storage -------------------------------------------------------------------------------------
def random_pruned_linear(fan_in, fan_out, sparsity, seed):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(fan_in, fan_out)).astype(np.float32)
    w[rng.random(w.shape) < sparsity] = 0.0
    return linear_with(w, rng.normal(size=fan_out).astype(np.float32))


@pytest.mark.parametrize("fan_in, fan_out", [(37, 23), (1, 1), (1100, 7)])     # 1100 > k_chunk: chunked products
@pytest.mark.parametrize("static", [True, False])
def test_sparse_layer_outputs_identical_to_dense(fan_in, fan_out, static):
    lin = random_pruned_linear(fan_in, fan_out, 0.7, seed=fan_in)
    x = np.random.default_rng(1).normal(0.3, 1.0, size=(5, 3, fan_in)).astype(np.float32)
    obs = None
    if static:
        obs = MinMaxObserver()
        obs.observe(x)
    dense = QuantizedLinear.from_float(lin, obs)
    sparse = SparseQuantizedLinear.from_quantized(dense)
    assert "weight_q" not in vars(sparse)                             # no dense copy of the codes is stored
    assert np.array_equal(weight_codes(sparse), weight_codes(dense))
    assert np.array_equal(sparse.weight_q.data, dense.weight_q.data) and sparse.weight_q.data.dtype == np.int8
    assert sparse.dynamic == dense.dynamic
    y_dense, y_sparse = dense(Tensor(x)).data, sparse(Tensor(x)).data
    assert y_sparse.shape == (5, 3, fan_out) and y_sparse.dtype == np.float32
    assert np.array_equal(y_dense, y_sparse)
    acc_dense, acc_sparse = dense.accumulator(x.reshape(-1, fan_in))[0], sparse.accumulator(x.reshape(-1, fan_in))[0]
    assert np.array_equal(acc_dense, acc_sparse)
    back = sparse.to_dense()
    assert type(back) is QuantizedLinear and np.array_equal(back(Tensor(x)).data, y_dense)


def test_sparse_from_quantized_leaves_its_input_alone():
    dense = QuantizedLinear.from_float(random_pruned_linear(20, 6, 0.5, seed=3), None)
    before = {k: (v.data.copy() if isinstance(v, Tensor) else v) for k, v in vars(dense).items()}
    sparse = SparseQuantizedLinear.from_quantized(dense)
    sparse.weight_scale.data[...] = 99.0                               # the copy owns its arrays
    for key, value in vars(dense).items():
        if isinstance(value, Tensor):
            assert np.array_equal(value.data, before[key])
    with pytest.raises(TypeError, match="QuantizedLinear"):
        SparseQuantizedLinear.from_quantized(Linear(2, 2))
    with pytest.raises(TypeError, match="int8"):
        sparse.weight_q = np.zeros((20, 6), np.float32)


def test_weight_codes_rejects_other_layers():
    with pytest.raises(TypeError, match="Linear"):
        weight_codes(Linear(2, 2))


@pytest.mark.parametrize("sparsity", [0.5, 0.7, 0.9])
def test_pruned_digits_mlp_stacks_sparse_int8(sparsity):
    pruned = prune_by_hand(load_digits_mlp(), sparsity)
    batches = calibration_batches()
    dense = quantize_model(pruned, batches, sparse=False)
    packed = quantize_model(pruned, batches)                           # sparse="auto"
    assert model_size_bytes(dense) == 18_640                           # the figure: int8 alone
    assert all(type(m) is SparseQuantizedLinear for m in packed.modules() if isinstance(m, QuantizedLinear))
    expected = 18_640 - sum(c.size - sparse_int8_nbytes(c) for c in
                            (weight_codes(m) for m in dense.modules() if isinstance(m, QuantizedLinear)))
    assert model_size_bytes(packed) == expected < 18_640
    X_test = load_digits()[2]
    with no_grad():
        assert np.array_equal(dense(Tensor(X_test)).data, packed(Tensor(X_test)).data)


def test_sparse_choice_auto_true_false():
    batches = calibration_batches()
    mlp = load_digits_mlp()
    auto_dense = quantize_model(mlp, batches)                          # unpruned: dense int8 is smaller
    assert [type(m) for m in auto_dense.modules() if isinstance(m, QuantizedLinear)] == [QuantizedLinear] * 3
    forced = quantize_model(mlp, batches, sparse=True)
    assert all(type(m) is SparseQuantizedLinear for m in forced.modules() if isinstance(m, QuantizedLinear))
    assert model_size_bytes(forced) > model_size_bytes(auto_dense)    # packing dense codes costs 1 bit per weight
    X_test = load_digits()[2]
    assert np.array_equal(forced(Tensor(X_test)).data, auto_dense(Tensor(X_test)).data)
    light = prune_by_hand(load_digits_mlp(), 0.10)                    # below 12.5 % zeros: dense stays smaller
    assert all(type(m) is QuantizedLinear for m in quantize_model(light, batches).modules()
               if isinstance(m, QuantizedLinear))
    for bad in ("yes", 1, None, "Auto"):
        with pytest.raises(ValueError, match="sparse"):
            quantize_model(mlp, batches, sparse=bad)


def test_auto_picks_whichever_is_smaller_per_layer():
    # layer 0 pruned 90 %, layer 1 dense: "auto" packs only layer 0
    model = Sequential(random_pruned_linear(32, 16, 0.9, seed=1), ReLU(), random_pruned_linear(16, 4, 0.0, seed=2))
    q = quantize_model(model, observer=None)
    assert type(q[0]) is SparseQuantizedLinear and type(q[2]) is QuantizedLinear


# ---- 3. no silent skip -------------------------------------------------------------------------------------------
class Scaler(Module):
    "A leaf that holds a learned array quantize_model knows nothing about."

    def __init__(self, dim):
        super().__init__()
        self.gain = Parameter(np.ones(dim, np.float32))

    def forward(self, x):
        return x * self.gain


class Holder(Module):
    "A container that holds a Parameter itself besides its sub-modules."

    def __init__(self):
        super().__init__()
        self.inner = Linear(4, 4)
        self.offset = Parameter(np.zeros(4, np.float32))

    def forward(self, x):
        return self.inner(x) + self.offset


class Denseable(Module):
    "A layer with another storage that can give its dense nn.Linear back (like module 18's CSRLinear)."

    def __init__(self, linear):
        super().__init__()
        self.w, self.b = linear.weight.data.copy(), linear.bias.data.copy()

    def forward(self, x):
        return Tensor(np.asarray(x) @ self.w + self.b)

    def to_linear(self):
        return linear_with(self.w, self.b)


class Block(Module):
    def __init__(self):
        super().__init__()
        self.layers = [Linear(4, 4), Scaler(4)]

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def test_unknown_leaf_with_arrays_raises_naming_it():
    model = Sequential(Linear(4, 4), Block())
    with pytest.raises(ValueError, match=r"'1\.layers\.1' \(Scaler\)") as info:
        quantize_model(model, observer=None)
    assert "to_linear" in str(info.value)
    with pytest.raises(ValueError, match=r"'0' \(Holder\).*offset"):
        quantize_model(Sequential(Holder()), observer=None)
    with pytest.raises(ValueError, match="single Linear"):
        quantize_model(Linear(3, 3), observer=None)


def test_leaves_without_arrays_and_float_kinds_are_kept():
    class Square(Module):
        def forward(self, x):
            return x * x

    model = Sequential(Embedding(10, 4), LayerNorm(4), Linear(4, 4), GELU(), Square(), Dropout(0.0), ReLU(),
                       Linear(4, 2))
    q = quantize_model(model, observer=None)
    kinds = [type(m).__name__ for m in q]
    assert kinds == ["Embedding", "LayerNorm", "QuantizedLinear", "GELU", "Square", "Dropout", "ReLU",
                     "QuantizedLinear"]
    again = quantize_model(q, observer=None)                            # already quantized layers are kept
    assert [type(m).__name__ for m in again] == kinds


def test_layers_with_to_linear_are_quantized_and_the_input_is_untouched():
    manual_seed(5)
    lin = random_pruned_linear(12, 6, 0.8, seed=4)
    model = Sequential(Denseable(lin), ReLU(), Linear(6, 3))
    x = np.random.default_rng(0).normal(size=(9, 12)).astype(np.float32)
    q = quantize_model(model, [x])
    assert type(model[0]) is Denseable                                  # the input model is not modified
    assert type(q[0]) is SparseQuantizedLinear and type(q[2]) is QuantizedLinear
    reference = quantize_model(Sequential(linear_with(lin.weight.data, lin.bias.data), ReLU(), model[2]), [x])
    assert np.array_equal(q(Tensor(x)).data, reference(Tensor(x)).data)
    assert linear_equivalents(Sequential(Linear(2, 2))) is not None

    class Broken(Denseable):
        def to_linear(self):
            return "not a layer"

    with pytest.raises(TypeError, match="to_linear"):
        quantize_model(Sequential(Broken(lin)), observer=None)


def test_csr_model_of_module_18_is_quantized_never_skipped():
    from tinytorch.optimization import compression   # module 18 builds on 17: the two must compose
    pruned = prune_by_hand(load_digits_mlp(), 0.7)
    csr_model = compression.to_csr_model(pruned)
    q = quantize_model(csr_model, calibration_batches())
    direct = quantize_model(pruned, calibration_batches())
    assert all(type(m) is SparseQuantizedLinear for m in q.modules() if isinstance(m, QuantizedLinear))
    assert model_size_bytes(q) == model_size_bytes(direct)
    X_test = load_digits()[2]
    assert np.array_equal(q(Tensor(X_test)).data, direct(Tensor(X_test)).data)


# ---- TinyGPT takes int8 whole ----------------------------------------------------------------------------------
@pytest.mark.parametrize("static", [True, False])
def test_quantize_tinygpt_replaces_every_linear(static):
    manual_seed(1)
    gpt = TinyGPT(13, d_model=16, n_heads=2, n_layers=2, max_len=24).eval()
    tokens = np.random.default_rng(2).integers(0, 13, size=(3, 10))
    q = quantize_model(gpt, [tokens[:2], tokens[2:]], observer=MinMaxObserver if static else None)
    n_linears = sum(isinstance(m, Linear) for m in gpt.modules())
    assert n_linears == 2 * 6 + 1                                       # q, k, v, out, fc1, fc2 per block + head
    assert sum(isinstance(m, QuantizedLinear) for m in q.modules()) == n_linears
    assert not any(isinstance(m, Linear) for m in q.modules())
    assert all(m.dynamic is (not static) for m in q.modules() if isinstance(m, QuantizedLinear))
    assert sum(isinstance(m, Linear) for m in gpt.modules()) == n_linears   # the original keeps its layers
    with no_grad():
        ref, out = gpt(tokens).data, q(tokens).data
    assert out.shape == ref.shape and np.abs(out - ref).max() < 0.1 * np.abs(ref).max()
    assert q.generate(tokens[0, :3], 4, temperature=0).shape == (7,)


# ---- 4. the int8 products reach the matmul kernel -----------------------------------------------------------------
class SpyKernel:
    "A matmul kernel that counts calls per kind and computes with the previous kernel."

    def __init__(self):
        self.inner, self.calls = get_matmul_kernel(), []

    def __call__(self, a, b):
        self.calls.append((current_matmul_kind(), a.shape, b.shape))
        return self.inner(a, b)

    def count(self, kind):
        return sum(k == kind for k, _, _ in self.calls)


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("static", [True, False])
def test_spy_kernel_sees_one_int8_product_per_layer(sparse, static):
    mlp = load_digits_mlp()
    q = quantize_model(mlp, calibration_batches(), observer=MinMaxObserver if static else None, sparse=sparse)
    x = Tensor(load_digits()[2][:32])
    expected = q(x).data
    spy = SpyKernel()
    with use_matmul_kernel(spy):
        got = q(x).data
    assert spy.count("int8") == 3 and spy.count("float") == 0        # one per layer, nothing else
    assert [s for _, s, _ in spy.calls] == [(32, 64), (32, 128), (32, 64)]
    assert np.array_equal(got, expected)


def test_spy_kernel_sees_every_chunk_of_a_long_product():
    lin = random_pruned_linear(1100, 5, 0.0, seed=7)                   # K = 1100 > k_chunk = 1032: two chunks
    layer = QuantizedLinear.from_float(lin, None)
    x = np.random.default_rng(3).normal(size=(4, 1100)).astype(np.float32)
    expected = layer(x).data
    spy = SpyKernel()
    with use_matmul_kernel(spy):
        got = layer(x).data
    assert spy.count("int8") == 2 and [b for _, _, b in spy.calls] == [(1032, 5), (68, 5)]
    assert np.array_equal(got, expected)


def test_a_backend_that_breaks_int8_products_changes_the_output():
    "The spy test above is not vacuous: what the kernel returns is what the layer uses."
    q = quantize_model(load_digits_mlp(), calibration_batches())
    x = Tensor(load_digits()[2][:8])
    expected = q(x).data
    with use_matmul_kernel(lambda a, b: np.matmul(a, b) + (1.0 if current_matmul_kind() == "int8" else 0.0)):
        assert not np.array_equal(q(x).data, expected)
