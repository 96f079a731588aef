"""Fast unit tests of the exported reference `tinytorch.optimization.quantization` (module 17).

The notebook's graded cells test the same functions against plain-NumPy formulas; these tests pin the package's
public contract (dtypes, conventions, exactness, model surgery) independently of the notebook.
"""
import copy
import time

import numpy as np
import pytest

from tinytorch.core.nn import Linear, Module, ReLU, Sequential, manual_seed
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.optimization.quantization import (
    MinMaxObserver, PercentileObserver, QuantizedLinear, compute_qparams, dequantize, dequantize_per_channel,
    exact_chunk_size, forward_passes, int8_matmul_exact, model_size_bytes, quantize, quantize_model,
    quantize_per_channel)


# ---- affine map --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lo, hi, expected", [
    (-1.0, 1.0, (2 / 255, 0)),
    (2.0, 5.0, (5 / 255, -128)),            # widened to include 0
    (-7.0, -2.0, (7 / 255, 127)),
    (0.0, 0.0, (1.0, -128)),                # zero-width range: scale 1.0, no division by zero
    (-2.5, 252.5, (1.0, -126)),             # x_min / scale = -2.5: ties round to even (-2)
    (-0.5, 254.5, (1.0, -128)),             # -0.5 rounds to -0, not -1
])
def test_compute_qparams_conventions(lo, hi, expected):
    s, z = compute_qparams(lo, hi)
    assert s == pytest.approx(expected[0], rel=1e-12) and z == expected[1]
    assert isinstance(s, float) and isinstance(z, int)


def test_compute_qparams_symmetric_and_custom_ranges():
    assert compute_qparams(-3.0, 1.0, symmetric=True) == (pytest.approx(3 / 127.5), 0)
    assert compute_qparams(-3.0, 1.0, -127, 127, symmetric=True) == (pytest.approx(3 / 127), 0)
    assert compute_qparams(0.0, 0.0, symmetric=True) == (1.0, 0)
    s, z = compute_qparams(-1.0, 3.0, 0, 255)
    assert s == pytest.approx(4 / 255) and z == 64


@pytest.mark.parametrize("args, err", [((1.0, -1.0), ValueError), ((0.0, float("inf")), ValueError),
                                       ((float("nan"), 1.0), ValueError)])
def test_compute_qparams_rejects_bad_ranges(args, err):
    with pytest.raises(err):
        compute_qparams(*args)
    with pytest.raises(ValueError, match="qmin < qmax"):
        compute_qparams(-1.0, 1.0, qmin=3, qmax=3)


def test_quantize_rounds_half_to_even_clips_and_keeps_int8():
    q = quantize(np.array([0.25, 0.75, -0.25, 1.25, 1000.0, -1000.0], np.float32), 0.5, 0)
    assert q.dtype == np.int8
    assert q.tolist() == [0, 2, 0, 2, 127, -128]
    assert quantize(np.array([0.0]), 0.1, 5).tolist() == [5]
    assert quantize(np.zeros((2, 0, 3), np.float32), 0.1, 0).shape == (2, 0, 3)


def test_quantize_matches_formula_on_random_data():
    rng = np.random.default_rng(0)
    x = rng.normal(0, 3, size=(50, 40)).astype(np.float32)
    for scale, zp in [(0.01, 0), (0.07, -30), (0.5, 100)]:
        expected = np.clip(np.rint(x / scale) + zp, -128, 127).astype(np.int8)
        assert np.array_equal(quantize(x, scale, zp), expected)


def test_quantize_rejects_bad_arguments():
    with pytest.raises(ValueError, match="scale"):
        quantize(np.ones(3), 0.0, 0)
    with pytest.raises(ValueError, match="int8"):
        quantize(np.ones(3), 0.1, 0, qmin=0, qmax=255)


def test_dequantize_is_float32_and_does_not_wrap():
    out = dequantize(np.array([127, -128], np.int8), 1.0, -128)
    assert out.dtype == np.float32 and out.tolist() == [255.0, 0.0]
    scales = np.array([0.5, 2.0], np.float64)        # even float64 scales give float32 output
    assert dequantize(np.array([[2, 2]], np.int8), scales, 0).dtype == np.float32
    with pytest.raises(TypeError):
        dequantize(np.ones(2, np.float32), 1.0, 0)


def test_round_trip_error_is_at_most_half_a_step():
    rng = np.random.default_rng(1)
    x = rng.normal(size=10_000).astype(np.float32)
    s, z = compute_qparams(x.min(), x.max())
    err = dequantize(quantize(x, s, z), s, z) - x
    assert np.abs(err).max() <= s / 2 * (1 + 1e-5)
    assert np.mean(err.astype(np.float64) ** 2) == pytest.approx(s * s / 12, rel=0.1)


# ---- per channel -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape, axis", [((6, 4), 0), ((6, 4), 1), ((6, 4), -1), ((2, 3, 5), 1), ((7,), 0)])
def test_quantize_per_channel_matches_per_slice_quantization(shape, axis):
    rng = np.random.default_rng(2)
    x = (rng.normal(size=shape) * rng.uniform(0.1, 10)).astype(np.float32)
    q, scales, zps = quantize_per_channel(x, axis)
    assert q.dtype == np.int8 and q.shape == x.shape
    assert scales.dtype == np.float32 and zps.dtype == np.int32 and scales.shape == (shape[axis],)
    for c in range(shape[axis]):
        xc = np.take(x, c, axis=axis)
        s, z = compute_qparams(xc.min(), xc.max())
        assert scales[c] == np.float32(s) and zps[c] == z
        assert np.array_equal(np.take(q, c, axis=axis), quantize(xc, np.float32(s), z))
    back = dequantize_per_channel(q, scales, zps, axis)
    assert back.dtype == np.float32 and np.abs(back - x).max() <= scales.max() / 2 * (1 + 1e-5)


def test_per_channel_beats_per_tensor_on_uneven_columns():
    rng = np.random.default_rng(3)
    w = (rng.normal(size=(64, 16)) * np.logspace(-2, 0, 16)).astype(np.float32)
    s, _ = compute_qparams(w.min(), w.max(), -127, 127, symmetric=True)
    e_tensor = dequantize(quantize(w, s, 0, -127, 127), s, 0) - w
    q, sc, zp = quantize_per_channel(w, 1, -127, 127, symmetric=True)
    e_channel = dequantize_per_channel(q, sc, zp, 1) - w
    assert np.mean(e_channel ** 2) < np.mean(e_tensor ** 2) / 4


# ---- observers ---------------------------------------------------------------------------------------------------
def test_minmax_observer_tracks_running_range():
    obs = MinMaxObserver()
    with pytest.raises(RuntimeError):
        obs.qparams()
    obs.observe(np.array([-0.5, 1.0]))
    obs.observe(Tensor(np.array([[3.0], [2.0]], np.float32)))
    obs.observe(np.zeros((0, 4)))
    assert (obs.min_val, obs.max_val) == (-0.5, 3.0)          # over all batches, not the last one
    assert obs.qparams() == compute_qparams(-0.5, 3.0)


def test_percentile_observer_clips_outliers_and_copies():
    rng = np.random.default_rng(4)
    batch = rng.normal(size=10_000).astype(np.float32)
    batch[0] = 1000.0
    obs = PercentileObserver(99.9)
    obs.observe(batch)
    expected = compute_qparams(np.percentile(batch, 0.1), np.percentile(batch, 99.9))
    batch[:] = 0.0                     # the observer kept a copy
    assert obs.qparams() == expected
    mm = MinMaxObserver()
    mm.observe(np.r_[np.float32(1000.0), rng.normal(size=10).astype(np.float32)])
    assert obs.qparams()[0] < mm.qparams()[0] / 50
    with pytest.raises(ValueError):
        PercentileObserver(40.0)


def test_percentile_observer_pools_all_batches():
    rng = np.random.default_rng(7)
    batches = [rng.normal(loc, 1.0, size=500).astype(np.float32) for loc in (-3.0, 0.0, 5.0)]
    obs = PercentileObserver(99.0)
    for b in batches:
        obs.observe(b)
    pooled = np.concatenate(batches)
    assert obs.qparams() == compute_qparams(np.percentile(pooled, 1.0), np.percentile(pooled, 99.0))


# ---- exact integer GEMM ------------------------------------------------------------------------------------------
def test_exact_chunk_size():
    assert exact_chunk_size(128, 127) == 1032
    assert exact_chunk_size() == 1024
    assert exact_chunk_size(1, 1) == 2 ** 24
    with pytest.raises(ValueError):
        exact_chunk_size(0, 3)


@pytest.mark.parametrize("m, k, n, lo, hi", [(5, 7, 3, -128, 128), (16, 1024, 8, -128, 128),
                                             (8, 3000, 6, 100, 128), (4, 5000, 4, -128, -100), (3, 0, 2, 0, 1)])
def test_int8_matmul_exact_is_bit_exact(m, k, n, lo, hi):
    rng = np.random.default_rng(k)
    a = rng.integers(lo, hi, size=(m, k)).astype(np.int8)
    b = rng.integers(lo, hi, size=(k, n)).astype(np.int8)
    got = int8_matmul_exact(a, b)
    assert got.dtype == np.int32
    assert np.array_equal(got, a.astype(np.int64) @ b.astype(np.int64))


def test_without_chunks_float32_is_not_exact():
    "The adversarial case the chunking exists for: one float32 GEMM over K=4096 large codes rounds."
    rng = np.random.default_rng(5)
    a = rng.integers(100, 128, size=(16, 4096)).astype(np.int8)
    b = rng.integers(100, 128, size=(4096, 16)).astype(np.int8)
    exact = a.astype(np.int64) @ b.astype(np.int64)
    assert exact.max() > 2 ** 24
    assert not np.array_equal((a.astype(np.float32) @ b.astype(np.float32)).astype(np.int64), exact)
    assert np.array_equal(int8_matmul_exact(a, b), exact)


@pytest.mark.parametrize("shape_a, shape_b", [((64, 64), (64, 64)), ((32, 1024), (1024, 8))])
def test_int8_matmul_exact_runs_on_blas(shape_a, shape_b):
    """Much faster than NumPy's integer matmul (no BLAS) on the same codes. Small shapes keep BLAS single-threaded,
    so the comparison holds on a busy machine; minimum of interleaved repeats."""
    rng = np.random.default_rng(8)
    a = rng.integers(-128, 128, size=shape_a).astype(np.int8)
    b = rng.integers(-127, 128, size=shape_b).astype(np.int8)
    a32, b32 = a.astype(np.int32), b.astype(np.int32)
    best = {"exact": float("inf"), "int32": float("inf")}
    for _ in range(15):
        for name, fn in (("exact", lambda: int8_matmul_exact(a, b)), ("int32", lambda: a32 @ b32)):
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    assert 3 * best["exact"] < best["int32"], best


def test_int8_matmul_exact_rejects_bad_input():
    with pytest.raises(TypeError):
        int8_matmul_exact(np.ones((2, 3), np.int32), np.ones((3, 2), np.int8))
    with pytest.raises(ValueError, match="inner"):
        int8_matmul_exact(np.ones((2, 3), np.int8), np.ones((4, 2), np.int8))
    with pytest.raises(ValueError, match="k_chunk"):
        int8_matmul_exact(np.ones((2, 3), np.int8), np.ones((3, 2), np.int8), k_chunk=0)


# ---- QuantizedLinear ---------------------------------------------------------------------------------------------
def _calibrated(lin, x):
    obs = MinMaxObserver()
    obs.observe(x)
    return QuantizedLinear.from_float(lin, obs)


def test_quantized_linear_storage_is_real_int8_and_int32():
    manual_seed(0)
    lin = Linear(48, 24)
    ql = _calibrated(lin, np.random.default_rng(0).normal(size=(8, 48)).astype(np.float32))
    assert ql.weight_q.data.dtype == np.int8 and ql.weight_q.data.nbytes == 48 * 24
    assert ql.bias_q.data.dtype == np.int32 and ql.weight_scale.data.dtype == np.float32
    assert np.abs(ql.weight_q.data).max() <= 127
    assert ql.parameters() == []                        # buffers, not trainable parameters
    assert model_size_bytes(ql) == 48 * 24 + 24 * 4 + 24 * 4
    assert model_size_bytes(lin) == (48 * 24 + 24) * 4


def test_quantized_linear_accumulator_is_exact_and_output_close():
    manual_seed(1)
    lin = Linear(40, 12)
    rng = np.random.default_rng(1)
    x = rng.normal(0.5, 1, size=(30, 40)).astype(np.float32)
    ql = _calibrated(lin, x)
    acc, s_x, z_x = ql.accumulator(x)
    q_x = np.clip(np.rint(x / np.float32(s_x)) + z_x, -128, 127).astype(np.int64)
    expected = q_x @ ql.weight_q.data.astype(np.int64) + ql.bias_q.data
    assert acc.dtype == np.int32 and np.array_equal(acc, expected)
    with no_grad():
        y, y_ref = ql(Tensor(x)).data, lin(Tensor(x)).data
    assert y.dtype == np.float32
    assert np.abs(y - y_ref).max() < 0.02 * np.abs(y_ref).max()


def test_quantized_linear_large_k_needs_and_gets_chunks():
    manual_seed(2)
    lin = Linear(2100, 4)
    lin.weight.data[...] = np.abs(lin.weight.data) + 0.02
    x = np.random.default_rng(2).uniform(0.9, 1.0, size=(3, 2100)).astype(np.float32)
    ql = _calibrated(lin, x)
    acc, s_x, z_x = ql.accumulator(x)
    q_x = np.clip(np.rint(x / np.float32(s_x)) + z_x, -128, 127).astype(np.int64)
    raw = q_x @ ql.weight_q.data.astype(np.int64)
    assert np.abs(raw).max() > 2 ** 24                   # a single float32 GEMM would round here
    assert np.array_equal(acc, raw + ql.bias_q.data)


def test_quantized_linear_dynamic_mode_and_shapes():
    manual_seed(3)
    lin = Linear(10, 5)
    ql = QuantizedLinear.from_float(lin)
    assert ql.dynamic and ql.bias.dtype == np.float32 and ql.weight_colsum.dtype == np.int32
    x = np.random.default_rng(3).normal(2.0, 1.0, size=(4, 6, 10)).astype(np.float32)
    with no_grad():
        y, y_ref = ql(Tensor(x)), lin(Tensor(x))
    assert y.shape == (4, 6, 5) and y.dtype == np.float32
    assert np.abs(y.data - y_ref.data).max() < 0.03 * np.abs(y_ref.data).max()
    assert ql(np.zeros((0, 10), np.float32)).shape == (0, 5)
    with pytest.raises(ValueError, match="last dimension 10"):
        ql(np.zeros((2, 9), np.float32))
    with pytest.raises(TypeError):
        QuantizedLinear.from_float(ReLU())


def test_per_tensor_weights_share_one_scale():
    manual_seed(4)
    lin = Linear(16, 8)
    obs = MinMaxObserver()
    obs.observe(np.ones((1, 16), np.float32))
    ql = QuantizedLinear.from_float(lin, obs, per_channel=False)
    scales = ql.weight_scale.data
    assert scales.shape == (1,) and scales.dtype == np.float32          # stored once, broadcast over the columns
    assert scales[0] == np.float32(np.abs(lin.weight.data).max() / 127)
    assert model_size_bytes(ql) == 16 * 8 + 4 + 8 * 4                   # int8 codes, one scale, int32 bias
    x = np.random.default_rng(4).normal(size=(5, 16)).astype(np.float32)
    acc, s_x, _ = ql.accumulator(x)
    assert np.array_equal(ql(x).data, acc.astype(np.float32) * (s_x * scales))


# ---- the fused forward pass --------------------------------------------------------------------------------------
def _ref_codes(x, s_x, z_x):
    return np.clip(np.rint(x / np.float32(s_x)) + z_x, -128, 127).astype(np.int64)


@pytest.mark.parametrize("k, codes_range, product_dtype", [
    (1032, (-128, -127), np.float32),      # the largest K one float32 GEMM holds exactly, worst-case magnitudes
    (2100, (100, 128), np.int32),          # beyond k_chunk: int32 sums of exact float32 chunks
])
def test_forward_integer_products_are_bit_exact(k, codes_range, product_dtype):
    manual_seed(5)
    lin = Linear(k, 6)
    lin.weight.data[...] = np.where(np.arange(6) % 2, 1.0, -1.0).astype(np.float32)   # codes +-127 everywhere
    ql = QuantizedLinear.from_float(lin)
    codes = np.random.default_rng(k).integers(*codes_range, size=(3, k)).astype(np.float32)
    products = ql.integer_products(codes)
    expected = codes.astype(np.int64) @ ql.weight_q.data.astype(np.int64)
    assert np.abs(expected).max() > 2 ** 24 * (k > ql.k_chunk)            # the chunked case needs its chunks
    assert products.dtype == product_dtype and np.array_equal(products.astype(np.int64), expected)


def test_forward_equals_dequantized_accumulator_and_codes_equal_quantize():
    manual_seed(6)
    rng = np.random.default_rng(6)
    for observer in (MinMaxObserver, None):
        lin = Linear(96, 40)
        x = rng.normal(0.4, 1.2, size=(2, 7, 96)).astype(np.float32)
        ql = _calibrated(lin, x[0] * 0.8) if observer else QuantizedLinear.from_float(lin)
        x2 = x.reshape(-1, 96)
        acc, s_x, z_x = ql.accumulator(x2)
        expected = acc.astype(np.float32) * (s_x * ql.weight_scale.data)
        if ql.dynamic:
            expected += ql.bias.data
        with no_grad():
            y = ql(Tensor(x))
        assert y.shape == (2, 7, 40) and y.dtype == np.float32
        assert np.array_equal(y.data.reshape(-1, 40), expected)             # |acc| < 2**24: the same float32 bits
        codes = ql.input_codes(x2, s_x, z_x)
        assert codes.dtype == np.float32 and np.array_equal(codes, quantize(x2, s_x, z_x).astype(np.float32))
    ties = np.array([[0.25, 0.75, -0.25, -0.75, 1.25, 63.75, 100.0, -100.0]], dtype=np.float32)  # x / 0.5: k + 0.5
    assert ql.input_codes(ties, 0.5, 3).tolist() == [[3, 5, 3, 1, 5, 127, 127, -128]]       # half to even, +3, clip


def test_forward_outputs_are_independent_and_no_float_weights_are_kept():
    rng = np.random.default_rng(7)
    layers = []
    for seed in (7, 8):
        manual_seed(seed)
        lin = Linear(32, 12)
        layers.append((lin, _calibrated(lin, rng.normal(size=(20, 32)).astype(np.float32))))
    sizes = [model_size_bytes(ql) for _, ql in layers]
    outputs = []
    with no_grad():
        for rows in (9, 50, 1, 50):
            for lin, ql in layers:
                x = rng.normal(size=(rows, 32)).astype(np.float32)
                outputs.append((ql(x), ql.accumulator(x), ql))
    for y, (acc, s_x, _), ql in outputs:                                     # checked after every later call
        assert np.array_equal(y.data, acc.astype(np.float32) * (s_x * ql.weight_scale.data))
    assert [model_size_bytes(ql) for _, ql in layers] == sizes == [32 * 12 + 12 * 4 + 12 * 4] * 2


def test_forward_passes_times_each_pass_of_a_static_layer():
    manual_seed(9)
    lin = Linear(24, 8)
    x = np.random.default_rng(9).normal(size=(4, 24)).astype(np.float32)
    ql = _calibrated(lin, x)
    passes = forward_passes(lin, ql, x)
    assert {"float32 Linear (x @ W + b)", "int8 forward, whole (1-4 + Python)"} <= set(passes)
    assert sum(name[0] in "1234" for name in passes) == 4
    with no_grad():
        results = {name: fn() for name, fn in passes.items()}
    assert np.array_equal(results["int8 forward, whole (1-4 + Python)"].data,
                          results["4 + offset, * scales"])                  # the passes add up to the forward
    with pytest.raises(ValueError, match="static"):
        forward_passes(lin, QuantizedLinear.from_float(lin), x)


# ---- whole models ------------------------------------------------------------------------------------------------
class _Block(Module):
    def __init__(self, d):
        super().__init__()
        self.fc = Linear(d, d)
        self.act = ReLU()

    def forward(self, x):
        return self.act(self.fc(x))


class _Net(Module):
    def __init__(self):
        super().__init__()
        self.blocks = [_Block(12), _Block(12)]
        self.head = Linear(12, 4)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(x)


def test_quantize_model_replaces_nested_linears_and_keeps_original():
    manual_seed(5)
    net = _Net()
    before = copy.deepcopy(net.state_dict())
    rng = np.random.default_rng(5)
    batches = [(rng.normal(size=(16, 12)).astype(np.float32), np.zeros(16, np.int64)) for _ in range(3)]
    qnet = quantize_model(net, batches)
    assert all(isinstance(b.fc, QuantizedLinear) for b in qnet.blocks) and isinstance(qnet.head, QuantizedLinear)
    assert all(isinstance(b.fc, Linear) for b in net.blocks) and isinstance(net.head, Linear)
    assert all(np.array_equal(v, net.state_dict()[k]) for k, v in before.items())
    assert not any(m.__dict__.get("_forward_hooks") for m in net.modules())
    # layer 2's observer saw layer 1's ReLU outputs over all batches
    h = np.concatenate([np.maximum(x @ net.blocks[0].fc.weight.data + net.blocks[0].fc.bias.data, 0)
                        for x, _ in batches])
    assert (qnet.blocks[1].fc.input_scale, qnet.blocks[1].fc.input_zero_point) == compute_qparams(h.min(), h.max())
    x = rng.normal(size=(5, 12)).astype(np.float32)
    with no_grad():
        ref, out = net(Tensor(x)).data, qnet(Tensor(x)).data
    assert np.abs(out - ref).max() < 0.05 * np.abs(ref).max()
    assert model_size_bytes(qnet) < model_size_bytes(net) / 2.5


def test_quantize_model_modes_and_errors():
    manual_seed(6)
    mlp = Sequential(Linear(8, 8), ReLU(), Linear(8, 2))
    x = np.random.default_rng(6).normal(size=(10, 8)).astype(np.float32)
    assert all(m.dynamic for m in quantize_model(mlp, observer=None) if isinstance(m, QuantizedLinear))
    qp = quantize_model(mlp, [x], observer=lambda: PercentileObserver(95.0))
    assert (qp[0].input_scale, qp[0].input_zero_point) == compute_qparams(np.percentile(x, 5), np.percentile(x, 95))
    with pytest.raises(ValueError, match="calibration"):
        quantize_model(mlp, [])


def test_model_size_counts_buffers_once():
    class Tied(Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = Linear(4, 4), Linear(4, 4)
            self.b.weight = self.a.weight
            self.mask = np.ones((3, 3), bool)
            self.extra = [Tensor(np.zeros(5, np.int16))]

    assert model_size_bytes(Tied()) == 4 * (16 + 4 + 4) + 9 + 10
