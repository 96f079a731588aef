"""The kit of tinytorch.testing that the graded tests share: call, is_integer/check_integer, FakeClock and the NumPy
references. Each reference is checked against an independent computation (a plain loop or a defining property),
not against itself."""
import numpy as np
import pytest

from tinytorch.testing import (FakeClock, call, check_integer, is_integer, reference_conv2d, reference_log_softmax,
                               reference_qparams, reference_softmax)


def test_call_returns_the_result():
    assert call("f", "n=3", lambda a, b=0: a + b, 1, b=2) == 3


def test_call_names_function_and_case_of_a_crash():
    def boom(x):
        raise ValueError(f"bad {x}")

    with pytest.raises(AssertionError) as err:
        call("matmul_blocked", "n=129, tile=32", boom, 7)
    assert str(err.value) == "matmul_blocked: [n=129, tile=32] raised ValueError: bad 7"
    assert err.value.__cause__ is None and err.value.__suppress_context__    # one line, no chained traceback


def test_call_lets_non_exceptions_through():
    "BaseExceptions (the checker's CellTimeout/KernelDied, KeyboardInterrupt) must not become a failed check."
    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        call("f", "case", interrupted)


@pytest.mark.parametrize("value, expected", [
    (3, True), (0, True), (-2, True), (np.int8(1), True), (np.int64(-5), True), (np.uint32(7), True),
    (True, False), (False, False), (np.bool_(True), False), (2.0, False), (np.float32(1), False), ("3", False),
    (None, False), (np.array(3), False),
])
def test_is_integer(value, expected):
    assert is_integer(value) is expected


def test_check_integer_accepts_integers():
    check_integer("f", 3)
    check_integer("f", np.int64(3), minimum=3)
    check_integer("f", 10**30, python_int=True)


@pytest.mark.parametrize("value, kwargs, message", [
    (True, {}, "f: [n=2] zero_point must be an integer (a Python or NumPy int, not a bool), got bool True"),
    (2.0, {}, "f: [n=2] zero_point must be an integer (a Python or NumPy int, not a bool), got float 2.0"),
    (np.int64(2), {"python_int": True}, "f: [n=2] zero_point must be a Python int, got int64 np.int64(2)"),
    (True, {"python_int": True}, "f: [n=2] zero_point must be a Python int, got bool True"),
    (0, {"minimum": 1}, "f: [n=2] zero_point must be >= 1, got 0"),
])
def test_check_integer_says_what_and_where(value, kwargs, message):
    with pytest.raises(AssertionError) as err:
        check_integer("f", value, "n=2", what="zero_point", **kwargs)
    assert str(err.value) == message


def test_fake_clock_moves_only_when_advanced_and_counts_reads():
    clock = FakeClock(start=10.0)
    assert clock() == clock() == 10.0
    clock.advance(2.5)
    clock.advance(0)
    assert clock() == 12.5 and clock.reads == 3
    with pytest.raises(ValueError, match="expected a duration >= 0, got -1"):
        clock.advance(-1)
    assert clock() == 12.5


def _loop_qparams(lo, hi, qmin, qmax, symmetric):
    "The smallest scale whose code grid covers [min(lo, 0), max(hi, 0)], found from its definition (independent)."
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if symmetric:
        return max(-lo, hi) / ((qmax - qmin) / 2)
    return (hi - lo) / (qmax - qmin)


@pytest.mark.parametrize("qmin, qmax, symmetric", [(-128, 127, False), (0, 255, False), (-8, 7, False),
                                                   (-127, 127, True), (-8, 7, True)])
def test_reference_qparams_properties(qmin, qmax, symmetric):
    rng = np.random.default_rng(17)
    for lo, hi in np.sort(rng.normal(0, 3, size=(30, 2)), axis=1):
        scale, zero_point = reference_qparams(lo, hi, qmin, qmax, symmetric)
        assert type(scale) is float and type(zero_point) is int
        assert scale == pytest.approx(_loop_qparams(lo, hi, qmin, qmax, symmetric), rel=1e-12)
        assert qmin <= zero_point <= qmax
        if symmetric:
            assert zero_point == 0
        # the range's ends land on codes inside [qmin, qmax] (within rounding): the grid covers the range
        codes = np.rint(np.array([min(lo, 0.0), max(hi, 0.0)]) / scale) + zero_point
        assert qmin - 1 <= codes[0] and codes[1] <= qmax + 1


def test_reference_qparams_known_values():
    assert reference_qparams(-1.0, 2.0) == (3.0 / 255, -43)          # -128 - rint(-1 / (3/255)) = -128 + 85
    assert reference_qparams(0.0, 0.0) == (1.0, -128)                # an empty range: scale 1, 0 -> qmin
    assert reference_qparams(2.0, 4.0) == (4.0 / 255, -128)          # widened to [0, 4]
    assert reference_qparams(-3.0, 1.0, -127, 127, True) == (3.0 / 127, 0)
    # lo / scale = -3 / 2 = -1.5, a tie: rounded half to even (np.rint) -> -2, so -128 + 2 (not -127 as half-up)
    assert reference_qparams(-3.0, 507.0) == (2.0, -126)


def _loop_conv2d(x, w, stride, padding):
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.zeros((n, c, h + 2 * padding, wd + 2 * padding), dtype=np.float64)
    xp[:, :, padding:padding + h, padding:padding + wd] = x
    oh, ow = (h + 2 * padding - kh) // stride + 1, (wd + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, oh, ow))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(window, w.astype(np.float64), axes=([1, 2, 3], [1, 2, 3]))
    return out


@pytest.mark.parametrize("shape, stride, padding", [((1, 1, 5, 5, 1, 3, 3), 1, 0), ((2, 3, 7, 6, 4, 3, 2), 2, 1),
                                                    ((1, 2, 4, 4, 3, 1, 1), 1, 2), ((2, 1, 3, 3, 2, 3, 3), 3, 1)])
def test_reference_conv2d_matches_a_loop(shape, stride, padding):
    n, c, h, w_, f, kh, kw = shape
    rng = np.random.default_rng(5)
    x = rng.standard_normal((n, c, h, w_)).astype(np.float32)
    w = rng.standard_normal((f, c, kh, kw)).astype(np.float32)
    got = reference_conv2d(x, w, stride, padding)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, _loop_conv2d(x, w, stride, padding), rtol=1e-5, atol=1e-5)


def test_softmax_references():
    rng = np.random.default_rng(3)
    z = rng.normal(0, 5, size=(4, 7))
    z[0, 0] = 1e4                                                     # would overflow without the max shift
    p, log_p = reference_softmax(z), reference_log_softmax(z)
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(log_p[1:]))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.exp(log_p), p, rtol=1e-12, atol=1e-300)
    row = z[1]
    np.testing.assert_allclose(p[1], np.exp(row) / np.exp(row).sum(), rtol=1e-12)
    np.testing.assert_allclose(reference_softmax(z.T, axis=0), p.T, rtol=1e-12)
    masked = np.array([[0.0, -np.inf, 1.0]])                         # a masked (causal) entry gets probability 0
    assert reference_softmax(masked)[0, 1] == 0.0
