"""Unit tests of tinytorch.optimization.acceleration (the exported reference solution of module 15).

Kernels are compared with np.matmul and with a plain-NumPy reference convolution written here; the backend
registry is checked end to end through tinytorch.core (Tensor @ and nn.Linear dispatch through the active backend).
"""
import importlib.util
import math

import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.tensor import Tensor, get_matmul_kernel, no_grad, set_matmul_kernel
from tinytorch.optimization.acceleration import (
    Backend, available_backends, check_matmul_operands, conv2d_im2col, conv2d_naive, conv2d_output_shape,
    get_backend, im2col, matmul_blocked, matmul_naive, matmul_vectorized, measure_gflops, register_backend,
    set_backend, tensor_kernel, use_backend)

MATMULS = [matmul_naive, matmul_vectorized, matmul_blocked, lambda a, b: matmul_blocked(a, b, tile=3)]
MATMUL_IDS = ["naive", "vectorized", "blocked64", "blocked3"]


@pytest.fixture(autouse=True)
def default_kernel():
    "The matmul kernel is process-wide state: every test starts and ends on np.matmul."
    set_matmul_kernel(None)
    yield
    set_matmul_kernel(None)


def rand(rng, shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


def reference_conv2d(x, w, stride, padding):
    "Direct definition with explicit loops over the kernel offsets (independent of the module's code)."
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    oh, ow = (h + 2 * padding - kh) // stride + 1, (wd + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, oh, ow), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride].astype(np.float64)  # (n, c, oh, ow)
            out += np.einsum("ncyx,fc->nfyx", patch, w[:, :, i, j].astype(np.float64))
    return out


# ---- matmul kernels -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kernel", MATMULS, ids=MATMUL_IDS)
@pytest.mark.parametrize("m,k,n", [(1, 1, 1), (1, 7, 1), (5, 1, 4), (3, 8, 2), (17, 9, 13), (20, 20, 20)])
def test_matmul_kernels_match_numpy(kernel, m, k, n):
    rng = np.random.default_rng(m * 100 + k * 10 + n)
    a, b = rand(rng, (m, k), np.float64), rand(rng, (k, n), np.float64)
    np.testing.assert_allclose(kernel(a, b), a @ b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kernel", MATMULS, ids=MATMUL_IDS)
@pytest.mark.parametrize("da,db,expected", [(np.float32, np.float32, np.float32), (np.float64, np.float64, np.float64),
                                            (np.float32, np.float64, np.float64)])
def test_matmul_output_dtype_is_result_type(kernel, da, db, expected):
    rng = np.random.default_rng(0)
    out = kernel(rand(rng, (4, 6), da), rand(rng, (6, 3), db))
    assert out.dtype == expected


@pytest.mark.parametrize("m,k,n,tile", [(129, 129, 129, 32), (65, 33, 97, 16), (10, 20, 30, 64), (7, 300, 5, 64),
                                        (64, 64, 64, 64), (50, 41, 23, 1), (3, 3, 3, 1000)])
def test_matmul_blocked_exact_for_any_tile(m, k, n, tile):
    # Small integers: every partial sum is exact in float32, so any correct tiling equals np.matmul bit for bit.
    rng = np.random.default_rng(tile)
    a = rng.integers(-4, 5, size=(m, k)).astype(np.float32)
    b = rng.integers(-4, 5, size=(k, n)).astype(np.float32)
    out = matmul_blocked(a, b, tile)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, a @ b)


def test_matmul_blocked_any_float_dtype():
    rng = np.random.default_rng(16)
    a = rng.integers(-2, 3, size=(20, 45)).astype(np.float16)   # small integers: exact even in float16
    b = rng.integers(-2, 3, size=(45, 17)).astype(np.float16)
    out = matmul_blocked(a, b, 8)
    assert out.dtype == np.float16
    np.testing.assert_array_equal(out, a @ b)


def test_matmul_blocked_honours_tile():
    "Record the slices taken: each operand is read in tile x tile blocks, for several tiles."
    class Recorder(np.ndarray):
        def __array_finalize__(self, obj):
            self.log = getattr(obj, "log", None)

        def __getitem__(self, index):
            part = super().__getitem__(index)
            if self.log is not None and isinstance(part, np.ndarray) and part.ndim == 2:
                self.log.append(part.shape)
            return part

    rng = np.random.default_rng(3)
    for tile in (8, 16, 50):
        a = rng.standard_normal((70, 40)).astype(np.float32).view(Recorder)
        b = rng.standard_normal((40, 90)).astype(np.float32).view(Recorder)
        a.log, b.log = [], []
        out = np.asarray(matmul_blocked(a, b, tile))
        np.testing.assert_allclose(out, np.asarray(a) @ np.asarray(b), rtol=1e-5, atol=1e-5)
        assert max(max(s) for s in a.log) <= tile and max(max(s) for s in b.log) <= tile
        assert (min(tile, 70), min(tile, 40)) in a.log and (min(tile, 40), min(tile, 90)) in b.log
        assert len(a.log) >= math.ceil(70 / tile) * math.ceil(40 / tile)


@pytest.mark.parametrize("kernel", MATMULS, ids=MATMUL_IDS)
def test_matmul_shape_errors_name_both_shapes(kernel):
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4, 2\)"):
        kernel(np.ones((2, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="2-D"):
        kernel(np.ones(3), np.ones((3, 2)))
    with pytest.raises(TypeError, match="NumPy array"):
        kernel([[1.0]], np.ones((1, 1)))


@pytest.mark.parametrize("tile", [0, -1, 2.5, True, "8"])
def test_matmul_blocked_rejects_bad_tile(tile):
    with pytest.raises(ValueError, match="tile"):
        matmul_blocked(np.ones((4, 4)), np.ones((4, 4)), tile)


def test_check_matmul_operands_returns_sizes():
    assert check_matmul_operands(np.ones((2, 3)), np.ones((3, 5))) == (2, 3, 5)


# ---- convolution ----------------------------------------------------------------------------------------------
CONV_CASES = [  # (N, C, H, W, F, KH, KW, stride, padding)
    (1, 1, 5, 5, 1, 3, 3, 1, 0), (2, 3, 7, 6, 4, 3, 3, 1, 1), (1, 2, 8, 8, 3, 3, 3, 2, 0),
    (2, 1, 9, 7, 2, 2, 3, 2, 1), (1, 3, 6, 6, 2, 1, 1, 1, 0), (1, 2, 5, 8, 2, 3, 1, 1, 2),
    (1, 1, 3, 3, 2, 5, 5, 1, 1), (1, 2, 10, 9, 3, 3, 2, 3, 2),
]


@pytest.mark.parametrize("conv", [conv2d_naive, conv2d_im2col], ids=["naive", "im2col"])
@pytest.mark.parametrize("case", CONV_CASES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv2d_matches_reference(conv, case, dtype):
    n, c, h, w_, f, kh, kw, s, p = case
    rng = np.random.default_rng(sum(case))
    x, w = rand(rng, (n, c, h, w_), dtype), rand(rng, (f, c, kh, kw), dtype)
    out = conv(x, w, stride=s, padding=p)
    assert out.dtype == dtype
    assert out.shape == conv2d_output_shape(x.shape, w.shape, s, p)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(out, reference_conv2d(x, w, s, p), rtol=tol, atol=tol)


def test_im2col_layout_rows_n_oh_ow_columns_c_i_j():
    rng = np.random.default_rng(5)
    x = rand(rng, (2, 3, 5, 4), np.float64)
    s, p, kh, kw = 2, 1, 3, 2
    cols = im2col(x, kh, kw, stride=s, padding=p)
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (5 + 2 * p - kh) // s + 1, (4 + 2 * p - kw) // s + 1
    assert cols.shape == (2 * oh * ow, 3 * kh * kw) and cols.dtype == x.dtype
    for n in range(2):
        for y in range(oh):
            for z in range(ow):
                for c in range(3):
                    for i in range(kh):
                        for j in range(kw):
                            assert cols[(n * oh + y) * ow + z, (c * kh + i) * kw + j] == xp[n, c, y * s + i, z * s + j]


@pytest.mark.parametrize("x_shape,w_shape,stride,padding,match", [
    ((1, 3, 5, 5), (2, 2, 3, 3), 1, 0, "channels"),
    ((1, 1, 2, 2), (1, 1, 3, 3), 1, 0, "kernel"),
    ((1, 1, 5, 5), (1, 1, 3, 3), 0, 0, "stride"),
    ((1, 1, 5, 5), (1, 1, 3, 3), 1, -1, "padding"),
    ((1, 5, 5), (1, 1, 3, 3), 1, 0, "N, C, H, W"),
])
def test_conv2d_errors_say_what_was_expected(x_shape, w_shape, stride, padding, match):
    for conv in (conv2d_naive, conv2d_im2col):
        with pytest.raises(ValueError, match=match):
            conv(np.ones(x_shape), np.ones(w_shape), stride=stride, padding=padding)


def test_padding_only_adds_zeros():
    "A 1x1 kernel of ones with padding 1 returns the input framed by zeros."
    x = np.arange(1, 7, dtype=np.float32).reshape(1, 1, 2, 3)
    out = conv2d_im2col(x, np.ones((1, 1, 1, 1), np.float32), padding=1)
    np.testing.assert_array_equal(out, np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))))


# ---- tensor_kernel: np.matmul's rules for 1-D and batched operands -------------------------------------------
@pytest.mark.parametrize("sa,sb", [((3, 4), (4, 5)), ((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,)),
                                   ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)),
                                   ((4,), (2, 4, 5)), ((2, 3, 4), (4,))])
def test_tensor_kernel_follows_np_matmul(sa, sb):
    rng = np.random.default_rng(len(sa) * 10 + len(sb))
    a, b = rand(rng, sa), rand(rng, sb)
    for matmul2d in (matmul_naive, matmul_blocked):
        got = tensor_kernel(matmul2d)(a, b)
        expected = np.matmul(a, b)
        assert np.shape(got) == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


# ---- backend registry -----------------------------------------------------------------------------------------
def test_default_backend_is_numpy_and_installs_np_matmul_itself():
    assert get_backend().name == "numpy"
    assert {"naive", "blocked", "numpy"} <= set(available_backends())
    with use_backend("numpy"):
        assert get_matmul_kernel() is np.matmul      # no wrapper: zero added overhead


def test_set_backend_installs_kernel_and_returns_previous():
    previous = set_backend("blocked")
    assert previous.name == "numpy" and get_backend().name == "blocked"
    assert set_backend(previous).name == "blocked" and get_backend().name == "numpy"


def test_unknown_backend_lists_known_ones_and_changes_nothing():
    with pytest.raises(ValueError, match="blocked.*naive.*numpy"):
        set_backend("cuda")
    assert get_backend().name == "numpy"


def test_use_backend_restores_even_on_exception_and_nests():
    with pytest.raises(KeyError):
        with use_backend("naive"):
            assert get_backend().name == "naive"
            raise KeyError("boom")
    assert get_backend().name == "numpy"
    with use_backend("naive"):
        with use_backend("blocked") as inner:
            assert inner.name == "blocked"
        assert get_backend().name == "naive"
    assert get_backend().name == "numpy"


def test_kernel_set_outside_the_registry_is_reported_and_restored():
    custom = lambda a, b: np.matmul(a, b)  # noqa: E731 - a custom kernel written the way a user passes one
    set_matmul_kernel(custom)
    assert get_backend().name == "custom" and get_backend().kernel is custom
    with use_backend("blocked"):
        pass
    assert get_matmul_kernel() is custom


def test_register_backend():
    backend = register_backend(Backend("test-vectorized", matmul_vectorized))
    try:
        with use_backend("test-vectorized") as active:
            assert active is backend
            out = (Tensor(np.eye(3, dtype=np.float32)) @ Tensor(np.arange(9, dtype=np.float32).reshape(3, 3))).data
        np.testing.assert_array_equal(out, np.arange(9).reshape(3, 3))
    finally:
        from tinytorch.optimization import acceleration
        acceleration._BACKENDS.pop("test-vectorized")
    with pytest.raises(TypeError):
        register_backend("naive")


def mlp_and_inputs(seed=0):
    nn.manual_seed(seed)
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 32), nn.GELU(), nn.Linear(32, 10))
    rng = np.random.default_rng(seed)
    return model, Tensor(rand(rng, (6, 16))), Tensor(rand(rng, (2, 3, 16)))


@pytest.mark.parametrize("name", ["naive", "blocked"])
def test_switching_backend_keeps_model_outputs(name):
    model, x, x3 = mlp_and_inputs()
    with no_grad():
        expected, expected3 = model(x).data, model(x3).data
        with use_backend(name):
            got, got3 = model(x).data, model(x3).data
    assert got.dtype == np.float32 and got3.shape == (2, 3, 10)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got3, expected3, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(got.argmax(-1), expected.argmax(-1))


def test_backend_routes_linear_through_its_kernel():
    "The backend's kernel really is what Linear calls (not np.matmul behind its back)."
    calls = []

    def counting(a, b):
        calls.append((a.shape, b.shape))
        return matmul_blocked(a, b)

    model, x, _ = mlp_and_inputs()
    with use_backend(Backend("counting", counting)):
        model(x)
    assert calls == [((6, 16), (16, 32)), ((6, 32), (32, 32)), ((6, 32), (32, 10))]


def test_gradients_unchanged_by_backend():
    model, x, _ = mlp_and_inputs(1)

    def grads(name):
        for p in model.parameters():
            p.grad = None
        with use_backend(name):
            model(x).sum().backward()
        return [p.grad.copy() for p in model.parameters()]

    for g_numpy, g_blocked in zip(grads("numpy"), grads("blocked")):
        np.testing.assert_allclose(g_blocked, g_numpy, rtol=1e-5, atol=1e-6)


def _shipped(loader_name):
    "A shipped pretrained model from tinytorch.core.transformer, or skip if it is not available in this checkout."
    if importlib.util.find_spec("tinytorch.core.transformer") is None:
        pytest.skip("tinytorch.core.transformer not available")
    from tinytorch.core import transformer
    try:
        return getattr(transformer, loader_name)()
    except FileNotFoundError as err:       # checkpoint not generated yet (tools/pretrain.py)
        pytest.skip(str(err))


def test_digits_mlp_predictions_identical_on_every_backend():
    from tinytorch.core.data import load_digits
    model = _shipped("load_digits_mlp")
    _, _, x_test, y_test = load_digits()
    x = Tensor(x_test[:100])
    with no_grad():
        expected = model(x).data
        for name in ("naive", "blocked"):
            with use_backend(name):
                got = model(x).data
            np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
            np.testing.assert_array_equal(got.argmax(1), expected.argmax(1))
    assert (expected.argmax(1) == y_test[:100]).mean() > 0.8      # a trained model, not noise


def test_tinygpt_logits_same_on_blocked_backend():
    model, tokenizer = _shipped("load_tinygpt")
    tokens = np.array([tokenizer.encode("the quick brown fox")], dtype=np.int64)
    with no_grad():
        expected = model(tokens).data
        with use_backend("blocked"):
            got = model(tokens).data
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


# ---- measure_gflops -------------------------------------------------------------------------------------------
def scripted_timer(durations):
    "Readings start, stop, start, stop, ... with the given durations (s) between each start and stop."
    readings, now = [], 10.0
    for d in durations:
        readings += [now, now + d]
        now += d + 0.5
    return iter(readings).__next__


def test_measure_gflops_real_run_is_positive_float():
    g = measure_gflops(np.matmul, 64, repeats=3)
    assert isinstance(g, float) and g > 0 and math.isfinite(g)


@pytest.mark.parametrize("durations,median", [([0.5, 4.0, 1.0, 2.0, 0.25], 1.0), ([3.0, 1.0, 2.0, 10.0], 2.5),
                                              ([7.0], 7.0)])
def test_measure_gflops_uses_median_and_2n3_flops(durations, median):
    n = 50
    g = measure_gflops(lambda a, b: None, n, repeats=len(durations), timer=scripted_timer(durations))
    assert g == pytest.approx(2 * n**3 / median / 1e9, rel=1e-12)


def test_measure_gflops_warmup_calls_and_data():
    seen = []
    measure_gflops(lambda a, b: seen.append((a, b)), 6, repeats=2, warmup=3, dtype=np.float64, seed=4,
                   timer=scripted_timer([1.0, 1.0]))
    assert len(seen) == 5
    rng = np.random.default_rng(4)
    np.testing.assert_array_equal(seen[0][0], rng.standard_normal((6, 6)))
    np.testing.assert_array_equal(seen[0][1], rng.standard_normal((6, 6)))
    assert seen[0][0].dtype == np.float64


@pytest.mark.parametrize("kwargs", [dict(n=0), dict(n=4, repeats=0)])
def test_measure_gflops_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        measure_gflops(np.matmul, **kwargs)
