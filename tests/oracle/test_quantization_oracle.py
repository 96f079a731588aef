"""tinytorch.optimization.quantization vs PyTorch's quantization (torch.quantize_per_tensor / quantize_per_channel and
the torch.ao.quantization MinMaxObserver / PerChannelMinMaxObserver), on seeded random tensors.

Conventions compared (all measured here, torch 2.13.0 CPU):
* zero points: equal, always (affine and symmetric; int8 [-128, 127] and the weights' [-127, 127]).
* symmetric scales: equal bit for bit. Both use scale = max(|min|, |max|) / ((qmax - qmin) / 2), so torch's symmetric
  int8 over [-128, 127] divides by 127.5 (not 127), exactly like tinytorch; zero_point 0 for qint8.
* affine scales: torch rounds (max - min) to float32 before dividing by (qmax - qmin); tinytorch subtracts in float64
  (exact) and rounds once. So the float32 scales may differ by one or two units in the last place (~1e-7 relative),
  never more; we check torch's scale is exactly its float32 formula and tinytorch's is within 2 ulp of it.
* codes, given the same (scale, zero_point): equal except where x / scale lies within a few float32 ulps of a half
  integer. tinytorch computes rint(x / scale) (a float32 division, ties to even); torch multiplies by the reciprocal
  1 / scale, which can land on the other side of .5. There the codes differ by exactly 1. We check that every
  mismatch is such a near-tie, and that there are few of them.
* all-zero input: tinytorch uses scale 1.0 (documented in compute_qparams), torch the float32 epsilon; both map 0.0
  to the zero point exactly, so the codes agree.
"""
import _oracle_env  # noqa: F401 - first: puts benchmarks/ on sys.path, one torch thread

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch.ao.quantization import MinMaxObserver as TorchMinMax                       # noqa: E402 - after _oracle_env
from torch.ao.quantization import PerChannelMinMaxObserver as TorchPerChannel         # noqa: E402 - after _oracle_env

from tinytorch.optimization.quantization import (MinMaxObserver, compute_qparams, quantize,  # noqa: E402 - after _oracle_env
                                                 quantize_per_channel)

# torch warns that its quantized tensor types are deprecated; the functions are still the ones the issue names.
pytestmark = [pytest.mark.torch, pytest.mark.filterwarnings("ignore:.*quantized tensor creation functions")]
RANGES = [(-128, 127), (-127, 127)]             # full int8, and the symmetric range QuantizedLinear uses for weights
SCHEMES = {False: (torch.per_tensor_affine, torch.per_channel_affine),
           True: (torch.per_tensor_symmetric, torch.per_channel_symmetric)}


def random_tensor(rng, ndim_low: int = 1) -> np.ndarray:
    "float32 of a random shape (1..3 dims, or 2..3), random spread and offset, so ranges are lopsided or not."
    shape = tuple(int(n) for n in rng.integers(1, 24, size=int(rng.integers(ndim_low, 4))))
    return (rng.standard_normal(shape) * rng.uniform(0.01, 50) + rng.uniform(-3, 3)).astype(np.float32)


def ulps_apart(a: float, b: float) -> int:
    "How many float32 steps separate a and b (both positive)."
    return abs(int(np.float32(a).view(np.int32)) - int(np.float32(b).view(np.int32)))


def torch_affine_scale(lo: float, hi: float, qmin: int, qmax: int) -> np.float32:
    "torch's float32 formula: (max(hi, 0) - min(lo, 0)) rounded to float32, then divided by (qmax - qmin)."
    span = np.float32(max(hi, 0.0)) - np.float32(min(lo, 0.0))
    return np.float32(span / np.float32(qmax - qmin))


def assert_codes_match(ours: np.ndarray, theirs: np.ndarray, x: np.ndarray, scale, n_ranges: int = 1) -> None:
    """Equal int8 codes, except at near-ties of x / scale (within 4 float32 ulps of a half integer), where rounding
    x / scale vs x * (1 / scale) may go either way: there they differ by exactly 1. n_ranges: 1 per tensor, C per
    channel (each symmetric range puts its extreme value on a tie)."""
    assert ours.dtype == np.int8 and ours.shape == theirs.shape
    differ = ours.astype(np.int16) != theirs.astype(np.int16)
    if not differ.any():
        return
    assert np.abs(ours.astype(np.int16) - theirs.astype(np.int16)).max() == 1
    exact = np.abs(x.astype(np.float64) / np.asarray(scale, dtype=np.float64))       # the true quotient
    distance_to_half = np.abs(exact - np.floor(exact) - 0.5)
    near_tie = distance_to_half <= 4 * np.finfo(np.float32).eps * np.maximum(exact, 1.0)
    assert near_tie[differ].all(), f"codes differ away from a rounding tie: x={x[differ & ~near_tie][:5]}"
    # Few: a symmetric range puts its extreme value exactly on +-127.5 (a tie by construction); others are rare.
    assert differ.sum() <= n_ranges + 1 + 0.01 * differ.size


def torch_observer_qparams(observer, *batches) -> tuple:
    "(scale, zero_point) numpy arrays from a torch observer after it saw every batch."
    for batch in batches:
        observer(torch.from_numpy(batch))
    scale, zero_point = observer.calculate_qparams()
    return scale.numpy(), zero_point.numpy()


@pytest.mark.parametrize("symmetric", [False, True], ids=["affine", "symmetric"])
@pytest.mark.parametrize("qrange", RANGES, ids=["int8", "int8-narrow"])
def test_per_tensor_observer_qparams_match_torch(symmetric, qrange):
    rng = np.random.default_rng(17)
    qmin, qmax = qrange
    for _ in range(60):
        batches = [random_tensor(rng) for _ in range(int(rng.integers(1, 4)))]   # the running min/max, too
        ours = MinMaxObserver(qmin, qmax, symmetric)
        for batch in batches:
            ours.observe(batch)
        scale, zero_point = ours.qparams()
        t_scale, t_zero = torch_observer_qparams(TorchMinMax(dtype=torch.qint8, qscheme=SCHEMES[symmetric][0],
                                                             quant_min=qmin, quant_max=qmax), *batches)
        t_scale, t_zero = t_scale[0], int(t_zero[0])                             # per-tensor: shape (1,)
        assert zero_point == t_zero
        if symmetric:
            assert np.float32(scale) == t_scale                                  # bit for bit
        else:
            assert t_scale == torch_affine_scale(ours.min_val, ours.max_val, qmin, qmax)
            assert ulps_apart(scale, t_scale) <= 2


@pytest.mark.parametrize("symmetric", [False, True], ids=["affine", "symmetric"])
@pytest.mark.parametrize("qrange", RANGES, ids=["int8", "int8-narrow"])
def test_quantize_matches_quantize_per_tensor(symmetric, qrange):
    rng = np.random.default_rng(18)
    qmin, qmax = qrange
    for _ in range(60):
        x = random_tensor(rng)
        scale, zero_point = compute_qparams(x.min(), x.max(), qmin, qmax, symmetric)
        ours = quantize(x, scale, zero_point, qmin, qmax)
        theirs = torch.quantize_per_tensor(torch.from_numpy(x), scale, zero_point, torch.qint8).int_repr().numpy()
        # torch's qint8 clamps to [-128, 127]; the narrow range saturates one code further in.
        assert_codes_match(ours, np.clip(theirs, qmin, qmax), x, np.float32(scale))


@pytest.mark.parametrize("symmetric", [False, True], ids=["affine", "symmetric"])
def test_quantize_per_channel_matches_torch(symmetric):
    rng = np.random.default_rng(19)
    for _ in range(60):
        x = random_tensor(rng, ndim_low=2)       # torch's per-channel observer needs >= 2 dimensions
        axis = int(rng.integers(0, x.ndim))
        codes, scales, zero_points = quantize_per_channel(x, axis, symmetric=symmetric)
        t_scales, t_zeros = torch_observer_qparams(TorchPerChannel(ch_axis=axis, dtype=torch.qint8,
                                                                   qscheme=SCHEMES[symmetric][1]), x)
        assert scales.dtype == np.float32 and zero_points.dtype == np.int32
        np.testing.assert_array_equal(zero_points, t_zeros)
        if symmetric:
            np.testing.assert_array_equal(scales, t_scales)                      # bit for bit
        else:
            others = tuple(a for a in range(x.ndim) if a != axis)
            expected = [torch_affine_scale(lo, hi, -128, 127) for lo, hi in zip(x.min(others), x.max(others))]
            np.testing.assert_array_equal(t_scales, np.array(expected, dtype=np.float32))
            assert max(ulps_apart(a, b) for a, b in zip(scales, t_scales)) <= 2
        theirs = torch.quantize_per_channel(torch.from_numpy(x), torch.from_numpy(scales),
                                            torch.from_numpy(zero_points.astype(np.int64)), axis,
                                            torch.qint8).int_repr().numpy()
        shape = [1] * x.ndim
        shape[axis] = -1
        assert_codes_match(codes, theirs, x, scales.reshape(shape), n_ranges=len(scales))


def test_all_zero_tensor_documented_difference():
    "Zero-width range: tinytorch scale 1.0, torch float32 epsilon; both quantize every 0.0 to the zero point."
    x = np.zeros((4, 5), dtype=np.float32)
    scale, zero_point = compute_qparams(x.min(), x.max())
    t_scale, t_zero = torch_observer_qparams(TorchMinMax(dtype=torch.qint8), x)
    t_scale, t_zero = t_scale[0], int(t_zero[0])
    assert (scale, zero_point) == (1.0, t_zero)
    assert t_scale == np.finfo(np.float32).eps
    theirs = torch.quantize_per_tensor(torch.from_numpy(x), float(t_scale), t_zero, torch.qint8)
    np.testing.assert_array_equal(quantize(x, scale, zero_point), theirs.int_repr().numpy())
