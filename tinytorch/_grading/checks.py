"""Assertion helpers for visible and hidden tests.

Every failed check raises `AssertionError` with one line a student can learn from: *which* function, *which* case,
*what* property failed, and by how much — e.g.
    matmul_blocked: wrong result for n=129, tile=32 (n not a multiple of tile); max abs error 3.1
The message never contains the expected values of a hidden case beyond a summary number, and the checks never print
(nbgrader scores a cell 0 if it writes to stderr).
"""
import numpy as np

__all__ = ["check_close", "check_equal", "check_shape", "check_dtype", "check_raises", "check_true"]


def _where(name, case):
    return f"{name}: " + (f"[{case}] " if case else "")


def _as_array(x):
    "Unwrap tinytorch Tensors (anything with a `.data` ndarray) and lists into ndarrays."
    data = getattr(x, "data", x)
    return data if isinstance(data, np.ndarray) else np.asarray(data)


def check_shape(name, got, shape, case=""):
    "`got` must have exactly `shape`."
    g = _as_array(got)
    if tuple(g.shape) != tuple(shape):
        raise AssertionError(f"{_where(name, case)}wrong shape: expected {tuple(shape)}, got {tuple(g.shape)}")


def check_dtype(name, got, dtype, case=""):
    "`got` must have exactly `dtype` (catches silent float64 promotion and int8 stored as float32)."
    g = _as_array(got)
    if g.dtype != np.dtype(dtype):
        raise AssertionError(f"{_where(name, case)}wrong dtype: expected {np.dtype(dtype)}, got {g.dtype}")


def check_close(name, got, expected, case="", rtol=1e-5, atol=1e-6):
    "Shapes equal and |got - expected| <= atol + rtol*|expected| elementwise; NaNs only where expected has NaNs."
    g, e = _as_array(got), _as_array(expected)
    check_shape(name, g, e.shape, case)
    g64, e64 = g.astype(np.float64), e.astype(np.float64)
    if not np.array_equal(np.isnan(g64), np.isnan(e64)):
        raise AssertionError(f"{_where(name, case)}NaN where a finite value was expected (or the reverse)")
    err = np.abs(np.where(np.isnan(e64), 0.0, g64 - e64))
    tol = atol + rtol * np.abs(np.where(np.isnan(e64), 0.0, e64))
    bad = err > tol
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise AssertionError(f"{_where(name, case)}wrong result; max abs error {err.max():.3g} "
                             f"({int(bad.sum())} of {bad.size} values off, first at index {idx})")


def check_equal(name, got, expected, case=""):
    "Exact equality of values and dtype (for integer kernels, masks, quantized codes)."
    g, e = _as_array(got), _as_array(expected)
    check_shape(name, g, e.shape, case)
    check_dtype(name, g, e.dtype, case)
    if not np.array_equal(g, e):
        bad = g != e
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise AssertionError(f"{_where(name, case)}wrong values ({int(bad.sum())} of {bad.size} differ, "
                             f"first at index {idx}: got {g[idx].item()!r}, expected {e[idx].item()!r})")


def check_raises(name, fn, exc_types, case="", match=None):
    "`fn()` must raise one of `exc_types`; if `match` is given the message must contain it (case-insensitive)."
    exc_types = exc_types if isinstance(exc_types, tuple) else (exc_types,)
    names = ", ".join(t.__name__ for t in exc_types)
    try:
        fn()
    except exc_types as err:
        if match is not None and match.lower() not in str(err).lower():
            raise AssertionError(f"{_where(name, case)}raised {type(err).__name__} but its message should mention "
                                 f"{match!r}; got: {err}") from None
        return
    except Exception as err:  # noqa: BLE001 - any other exception is the failure we report
        raise AssertionError(f"{_where(name, case)}expected {names}, got {type(err).__name__}: {err}") from None
    raise AssertionError(f"{_where(name, case)}expected {names} to be raised, nothing was raised")


def check_true(name, condition, message, case=""):
    "A property that is not a numeric comparison, e.g. 'the cache was written during prefill'."
    if not condition:
        raise AssertionError(f"{_where(name, case)}{message}")
