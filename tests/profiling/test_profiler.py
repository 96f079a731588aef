"""tinytorch.profiling.profiler (module 19): statistics, Timer, FLOP tracing, memory, per-module profiler, roofline
analysis and optimization comparisons. Timing logic is tested with fake clocks, so every number is exact."""
import math
import tracemalloc

import numpy as np
import psutil
import pytest

from tinytorch.core.nn import GELU, Embedding, LayerNorm, Linear, Module, Parameter, ReLU, Sequential
from tinytorch.core.tensor import Tensor, get_matmul_kernel, stack, use_matmul_kernel
from tinytorch.profiling.profiler import (BottleneckAnalyzer, FLOP_RULES, InteractionAnalyzer, MemoryProfiler,
                                         ModuleStats, OptimizationComparer, PerformanceProfiler, ProfileResult,
                                         Timer, arithmetic_intensity, count_flops, format_table, matmul_flops,
                                         measure_bandwidth_gbs, measure_peak_gflops, summarize, trace_ops)


# ---------------------------------------------------------------------------------------------------------------
# fake clocks and synthetic modules
# ---------------------------------------------------------------------------------------------------------------
class ManualClock:
    "Reading does not advance it; `advance(ns)` does."
    def __init__(self):
        self.now = 0

    def __call__(self):
        return self.now

    def advance(self, ns):
        self.now += ns


def stepping_clock(step):
    "Every read advances by `step`: each timed call lasts exactly `step`."
    state = {"now": 0}

    def read():
        state["now"] += step
        return state["now"]
    return read


def work_from(clock, durations, log=None, label=None):
    durations = iter(durations)

    def fn():
        clock.advance(next(durations))
        if log is not None:
            log.append(label)
    return fn


class Work(Module):
    def __init__(self, clock, ns):
        super().__init__()
        self.clock, self.ns = clock, ns

    def forward(self, x):
        self.clock.advance(self.ns)
        return x


class Pair(Module):
    def __init__(self, clock, own, first, second):
        super().__init__()
        self.clock, self.own, self.first, self.second = clock, own, first, second

    def forward(self, x):
        self.clock.advance(self.own)
        return self.second(self.first(x))


def bootstrap_ci(x, n_boot, seed, confidence=0.95):
    x = np.asarray(x, dtype=np.float64)
    medians = np.median(x[np.random.default_rng(seed).integers(0, x.size, size=(n_boot, x.size))], axis=1)
    a = 100 * (1 - confidence) / 2
    return np.percentile(medians, [a, 100 - a])


# ---------------------------------------------------------------------------------------------------------------
# summarize
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 10, 101])
def test_summarize_matches_numpy_reference(n):
    x = np.random.default_rng(n).lognormal(13, 0.5, size=n)
    s = summarize(x, n_boot=400, seed=3, confidence=0.9)
    assert s.median == np.median(x)
    assert (s.q1, s.q3) == tuple(np.percentile(x, [25, 75]))
    assert s.iqr == pytest.approx(s.q3 - s.q1, abs=0)
    np.testing.assert_array_equal([s.ci_low, s.ci_high], bootstrap_ci(x, 400, 3, 0.9))
    assert s.n == n and s.samples.dtype == np.float64
    assert s.ci_low <= s.median <= s.ci_high


def test_summarize_is_robust_to_outliers_and_seeded():
    s = summarize([10.0] * 19 + [10_000.0])
    assert s.median == 10.0 and s.iqr == 0.0          # the mean would be 509.5
    assert summarize([1, 5, 2, 8], seed=1).ci_high == summarize([1, 5, 2, 8], seed=1).ci_high


@pytest.mark.parametrize("bad", [[], [1.0, np.nan], [np.inf]])
def test_summarize_rejects_bad_samples(bad):
    with pytest.raises(ValueError):
        summarize(bad)


def test_summarize_rejects_bad_confidence():
    with pytest.raises(ValueError, match="confidence"):
        summarize([1, 2, 3], confidence=1.0)


# ---------------------------------------------------------------------------------------------------------------
# Timer
# ---------------------------------------------------------------------------------------------------------------
MS = 1_000_000      # clock ticks (ns) per millisecond: Timer reports ms


def test_timer_excludes_warmup_and_uses_the_clock():
    clock = ManualClock()
    s = Timer(warmup=2, repeats=5, clock=clock, n_boot=100).measure(
        work_from(clock, [v * MS for v in [999, 998, 5, 1, 3, 2, 4]]))
    assert (s.median, s.q1, s.q3, s.n) == (3, 2, 4, 5)        # milliseconds
    np.testing.assert_array_equal(s.samples, [5, 1, 3, 2, 4])


def test_timer_reports_milliseconds_but_interleave_returns_clock_ticks():
    clock = ManualClock()
    timer = Timer(warmup=0, repeats=3, clock=clock, n_boot=50)
    assert timer.measure(work_from(clock, [1500, 2500, 3500])).median == 2500 / 1e6    # 2500 ns = 0.0025 ms
    ticks = timer.interleave([work_from(clock, [7, 8, 9])])
    np.testing.assert_array_equal(ticks[:, 0], [7, 8, 9])                               # raw ns


def test_timer_compare_interleaves_and_reports_per_round_ratio():
    clock, log = ManualClock(), []
    ta, tb = [50, 40, 20, 30, 10, 60], [5, 10, 10, 10, 5, 20]
    c = Timer(warmup=1, repeats=5, clock=clock, n_boot=300, seed=4).compare(
        work_from(clock, ta, log, "a"), work_from(clock, tb, log, "b"))
    assert log == ["a", "b"] * 6
    ratios = np.array(ta[1:]) / np.array(tb[1:])
    assert c.ratio.median == np.median(ratios) == 3.0
    np.testing.assert_array_equal([c.ratio.ci_low, c.ratio.ci_high], bootstrap_ci(ratios, 300, 4))
    assert (c.a.median, c.b.median) == (30 / 1e6, 10 / 1e6)      # ms
    assert "t_a/t_b" in str(c) and " ms " in str(c)


def test_timer_interleave_shape_and_order():
    clock, log = ManualClock(), []
    fns = [work_from(clock, [k + 1] * 4, log, k) for k in range(3)]
    samples = Timer(warmup=1, repeats=3, clock=clock).interleave(fns)
    assert samples.shape == (3, 3) and samples.dtype == np.float64
    np.testing.assert_array_equal(samples, [[1, 2, 3]] * 3)
    assert log == [0, 1, 2] * 4


def test_timer_validates_arguments():
    with pytest.raises(ValueError):
        Timer(repeats=0)
    with pytest.raises(ValueError):
        Timer(warmup=-1)
    with pytest.raises(TypeError):
        Timer(clock=5)
    with pytest.raises(TypeError):
        Timer().interleave([])


def test_timer_with_the_real_clock_measures_something_positive():
    s = Timer(warmup=1, repeats=5).measure(lambda: sum(range(1000)))
    assert 0 < s.q1 <= s.median <= s.q3


# ---------------------------------------------------------------------------------------------------------------
# FLOPs
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("a,b", [((5, 7), (7, 3)), ((2, 3, 5, 7), (7, 4)), ((3, 1, 5, 7), (4, 7, 2)), ((7,), (7,)),
                                 ((7,), (3, 7, 4)), ((6, 7), (7,)), ((1, 1), (1, 1))])
def test_matmul_flops_is_two_k_per_output_element(a, b):
    out = np.matmul(np.zeros(a), np.zeros(b))
    assert matmul_flops(a, b) == 2 * a[-1] * out.size
    assert isinstance(matmul_flops(a, b), int)


def test_matmul_flops_errors():
    with pytest.raises(ValueError, match="3 != 4"):
        matmul_flops((2, 3), (4, 5))
    with pytest.raises(ValueError):
        matmul_flops((), (3,))


class Attention(Module):
    def __init__(self, d, bias=False):
        super().__init__()
        self.q, self.k, self.v, self.o = (Linear(d, d, bias=bias) for _ in range(4))

    def forward(self, x):
        scores = (self.q(x) @ self.k(x).transpose(0, 2, 1)) * (1.0 / math.sqrt(x.shape[-1]))
        return self.o(scores.softmax(axis=-1) @ self.v(x))


class Conv2d(Module):
    "im2col + one matmul (as in the notebook)."
    def __init__(self, c_in, c_out, k):
        super().__init__()
        self.c_in, self.c_out, self.k = c_in, c_out, k
        self.weight = Parameter(np.random.default_rng(0).standard_normal((c_in * k * k, c_out)))

    def forward(self, x):
        b, c, h, w = x.shape
        oh, ow = h - self.k + 1, w - self.k + 1
        patches = stack([x[:, :, i:i + oh, j:j + ow] for i in range(self.k) for j in range(self.k)], axis=2)
        cols = patches.transpose(0, 3, 4, 1, 2).reshape(b * oh * ow, c * self.k * self.k)
        return (cols @ self.weight).reshape(b, oh, ow, self.c_out).transpose(0, 3, 1, 2)


@pytest.mark.parametrize("B,S,D", [(1, 1, 4), (3, 5, 8), (2, 9, 16)])
def test_count_flops_attention(B, S, D):
    att = Attention(D)
    got = count_flops(att, (B, S, D), matmul_only=True)
    assert got.total == 8 * B * S * D * D + 4 * B * S * S * D
    assert got.by_module["q"] == 2 * B * S * D * D and got.by_module[""] == got.total
    full = count_flops(att, (B, S, D))
    assert full.total == got.total + B * S * S + 5 * B * S * S       # scale multiply + softmax
    assert full.by_op == {"matmul": got.total, "mul": B * S * S, "softmax": 5 * B * S * S}


@pytest.mark.parametrize("B", [1, 7, 32])
def test_count_flops_mlp_includes_batch_and_elementwise_ops(B):
    m = Sequential(Linear(16, 33), GELU(), Sequential(Linear(33, 10), ReLU()))
    mm = 2 * B * (16 * 33 + 33 * 10)
    got = count_flops(m, (B, 16))
    assert got.total == mm + 2 * B * 33 + 2 * B * 10
    assert got.by_module["2"] == 2 * B * 33 * 10 + 2 * B * 10
    assert got.by_module["2.1"] == B * 10
    assert count_flops(m, (B, 16), matmul_only=True).total == mm
    assert count_flops(m, (B, 4, 16), matmul_only=True).total == 4 * mm


def test_count_flops_layernorm_and_conv_and_embedding():
    assert count_flops(LayerNorm(6), (4, 6)).total == 7 * 4 * 6 + 2 * 4
    assert count_flops(Conv2d(3, 8, 3), (2, 3, 10, 10)).total == 2 * 2 * 8 * 8 * 8 * 3 * 3 * 3
    emb = count_flops(Sequential(Embedding(50, 8), Linear(8, 4)), (2, 5), dtype=np.int64, matmul_only=True)
    assert emb.total == 2 * 2 * 5 * 8 * 4 and emb.by_module["0"] == 0


def test_count_flops_counts_a_shared_module_per_call():
    lin = Linear(4, 4)
    assert count_flops(Sequential(lin, ReLU(), lin), (2, 4), matmul_only=True).by_module["0"] == 2 * 2 * 2 * 4 * 4


def test_count_flops_cleans_up_after_an_exception():
    class Boom(Module):
        def forward(self, x):
            raise RuntimeError("boom")

    original_add = Tensor.__add__
    model = Sequential(Linear(3, 3), Boom())
    with pytest.raises(RuntimeError, match="boom"):
        count_flops(model, (2, 3))
    assert not model[0].__dict__.get("_forward_hooks") and not model[0].__dict__.get("_forward_pre_hooks")
    assert get_matmul_kernel() is np.matmul and Tensor.__add__ is original_add


def test_tracer_wraps_the_active_kernel_and_restores_everything():
    calls = []

    def my_kernel(a, b):
        calls.append(a.shape)
        return np.matmul(a, b)

    ops = []
    originals = {name: getattr(Tensor, name) for name in FLOP_RULES}
    with use_matmul_kernel(my_kernel):
        with trace_ops(lambda op, flops, nbytes: ops.append((op, flops, nbytes))):
            y = Tensor(np.ones((2, 3), np.float32)) @ Tensor(np.ones((3, 4), np.float32))
            z = (y + 1.0).sum()
        assert get_matmul_kernel() is my_kernel
    assert calls == [(2, 3)] and float(z.item()) == 2 * 4 * 4.0
    assert ops == [("matmul", 2 * 2 * 3 * 4, 2 * 4 * 4), ("add", 8, 32), ("sum", 8, 4)]
    assert all(getattr(Tensor, name) is fn for name, fn in originals.items())


def test_count_flops_rejects_non_modules():
    with pytest.raises(TypeError):
        count_flops(lambda x: x, (2, 2))


@pytest.mark.torch
def test_matmul_only_count_equals_torch_flop_counter():
    "Needs the optional torch extra (pip install torch==2.13.0, CPU)."
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode

    def torch_count(fn):
        with FlopCounterMode(display=False) as counter:
            fn()
        return counter.get_total_flops()

    B, S, D = 3, 7, 16
    mlp = torch.nn.Sequential(torch.nn.Linear(D, 2 * D), torch.nn.ReLU(), torch.nn.Linear(2 * D, 5))
    assert torch_count(lambda: mlp(torch.zeros(B, S, D))) == count_flops(
        Sequential(Linear(D, 2 * D), ReLU(), Linear(2 * D, 5)), (B, S, D), matmul_only=True).total
    proj = [torch.nn.Linear(D, D, bias=False) for _ in range(4)]
    x = torch.zeros(B, S, D)

    def torch_attention():
        scores = (proj[0](x) @ proj[1](x).transpose(1, 2)) / math.sqrt(D)
        return proj[3](scores.softmax(dim=-1) @ proj[2](x))

    assert torch_count(torch_attention) == count_flops(Attention(D), (B, S, D), matmul_only=True).total
    conv = torch.nn.Conv2d(3, 8, 3, bias=False)
    assert torch_count(lambda: conv(torch.zeros(2, 3, 10, 10))) == count_flops(Conv2d(3, 8, 3), (2, 3, 10, 10),
                                                                               matmul_only=True).total


# ---------------------------------------------------------------------------------------------------------------
# MemoryProfiler
# ---------------------------------------------------------------------------------------------------------------
def test_memory_parameter_and_activation_bytes():
    lin = Linear(20, 30)
    model = Sequential(lin, ReLU(), lin.__class__(30, 5), Sequential(ReLU()))
    mp = MemoryProfiler(model)
    assert mp.parameter_bytes() == (20 * 30 + 30 + 30 * 5 + 5) * 4
    acts = mp.activation_bytes(Tensor(np.ones((8, 20), np.float32)))
    assert acts == {"": 160, "0": 960, "1": 960, "2": 160, "3": 160, "3.0": 160}
    report = mp.profile(Tensor(np.ones((8, 20), np.float32)))
    assert report["activation_bytes"] == 960 + 960 + 160 + 160        # leaves only
    assert report["parameter_bytes"] == mp.parameter_bytes() and report["rss_bytes"] > 0


def test_memory_parameter_bytes_counts_shared_once_and_real_dtypes():
    lin = Linear(4, 4)
    model = Sequential(lin, lin)
    lin.weight.data = lin.weight.data.astype(np.float16)
    assert MemoryProfiler(model).parameter_bytes() == 16 * 2 + 4 * 4


def test_memory_parameter_bytes_counts_buffers_like_a_quantized_layer():
    holder = Module()
    holder.codes = Tensor(np.zeros((6, 5), np.int8))
    holder.scales = np.ones(5, np.float32)
    holder.parts = [Tensor(np.zeros(3, np.int32)), holder.codes]     # a list attribute; `codes` again: once
    holder.label = "int8"
    lin = Linear(2, 2)
    assert MemoryProfiler(Sequential(lin, holder)).parameter_bytes() == (4 + 2) * 4 + 30 + 20 + 12


def test_memory_parameter_bytes_agrees_with_module_17_on_an_int8_model():
    quantization = pytest.importorskip("tinytorch.optimization.quantization")
    model = Sequential(Linear(16, 32), ReLU(), Linear(32, 4))
    qmodel = quantization.quantize_model(model, observer=None)
    assert MemoryProfiler(qmodel).parameter_bytes() == quantization.model_size_bytes(qmodel)
    assert MemoryProfiler(qmodel).parameter_bytes() < MemoryProfiler(model).parameter_bytes() / 2


def test_memory_peak_subtracts_baseline_and_restores_tracemalloc():
    keep = np.ones(1_000_000)                          # alive throughout: not part of fn's peak
    peak = MemoryProfiler.peak_bytes(lambda: [np.ones(500_000), np.ones(500_000)])
    assert 8_000_000 <= peak < 8_100_000
    assert not tracemalloc.is_tracing()
    tracemalloc.start()
    try:
        traced = np.ones(1_000_000)                   # traced before fn: the baseline removes it
        assert 1_000_000 <= MemoryProfiler.peak_bytes(lambda: np.ones(125_000)) < 1_100_000
        assert tracemalloc.is_tracing()
        del traced
    finally:
        tracemalloc.stop()
    del keep


def test_memory_rss_is_the_process_rss():
    assert abs(MemoryProfiler.rss_bytes() - psutil.Process().memory_info().rss) < 64 * 2**20


# ---------------------------------------------------------------------------------------------------------------
# PerformanceProfiler
# ---------------------------------------------------------------------------------------------------------------
def nested_model(clock, w):
    inner = Pair(clock, w[0], Work(clock, w[1]), Work(clock, w[2]))
    return Pair(clock, w[3], inner, Pair(clock, w[4], Work(clock, w[5]), Work(clock, w[6])))


def test_profiler_self_and_inclusive_times_are_exact_with_a_fake_clock():
    clock, w = ManualClock(), [3, 11, 7, 2, 5, 13, 17]
    model = nested_model(clock, w)
    prof = PerformanceProfiler(model, clock=clock, trace_flops=False)
    for _ in range(2):
        with prof.profile("r") as result:
            model(Tensor(np.zeros(1, np.float32)))
    assert result is prof.results["r"] and result.runs == 2 and result.wall_ns == 2 * sum(w)
    expected_self = {"": 2, "first": 3, "first.first": 11, "first.second": 7, "second": 5, "second.first": 13,
                     "second.second": 17}
    expected_incl = {"": sum(w), "first": 21, "second": 35}
    for name, stats in result.modules.items():
        assert stats.self_ns == 2 * expected_self[name], name
        assert stats.inclusive_ns == 2 * expected_incl.get(name, expected_self[name]), name
        assert stats.calls == 2
    pct = result.self_percent()
    assert sum(pct.values()) == pytest.approx(100.0, abs=1e-12)
    assert pct["second.second"] == pytest.approx(100 * 17 / sum(w))
    assert [s.name for s in result.rows()] == ["second.second", "second.first", "first.first", "first.second",
                                               "second", "first", ""]


def test_profiler_percentages_of_an_empty_region_are_zero():
    result = ProfileResult("empty", {"a": ModuleStats("a", "X")})
    assert result.self_percent() == {"a": 0.0}


def test_profiler_records_flops_and_bytes_and_removes_hooks():
    mlp = Sequential(Linear(12, 24), ReLU(), Sequential(Linear(24, 6)))
    prof = PerformanceProfiler(mlp)
    with prof.profile():
        mlp(Tensor(np.ones((5, 12), np.float32)))
    m = prof.results["forward"].modules
    assert m[""].flops == 2 * 5 * (12 * 24 + 24 * 6) + 5 * 24 * 2 + 5 * 6
    assert m["2"].self_flops == 0 and m["2"].flops == m["2.0"].self_flops == 2 * 5 * 24 * 6 + 5 * 6
    assert m["0"].input_bytes == 5 * 12 * 4 and m["1"].output_bytes == 5 * 24 * 4
    assert m["0"].param_bytes == (12 * 24 + 24) * 4 and m[""].param_bytes == (12 * 24 + 24 + 24 * 6 + 6) * 4
    assert not mlp[0].__dict__.get("_forward_hooks") and not mlp[0].__dict__.get("_forward_pre_hooks")
    result = prof.results["forward"]
    assert 0 < sum(s.self_ns for s in m.values()) <= result.wall_ns


def test_profiler_report_is_sorted_by_self_time(capsys):
    clock = ManualClock()
    model = Pair(clock, 1, Work(clock, 50), Work(clock, 9))
    prof = PerformanceProfiler(model, clock=clock)
    with prof.profile("x"):
        model(Tensor(np.zeros(1, np.float32)))
    assert prof.report() is None                   # printed once, nothing returned (Jupyter would show it twice)
    text = prof.report_text()
    assert capsys.readouterr().out.strip() == text.strip()
    table = prof.results["x"].table()
    assert text.endswith(table)
    body = table.splitlines()[1:4]
    assert [line.split()[0] for line in body] == ["first", "second", "(model)"]
    assert "83.3%" in body[0] and "sum of self times" in text


def test_profiler_rejects_nesting_and_cleans_up_on_error():
    model = Sequential(Linear(2, 2))
    prof = PerformanceProfiler(model)
    with pytest.raises(RuntimeError, match="nested"):
        with prof.profile("a"):
            with prof.profile("b"):
                pass
    with pytest.raises(ValueError):
        with prof.profile("c"):
            model(Tensor(np.ones((1, 3), np.float32)))     # wrong width: Linear raises
    assert not model[0].__dict__.get("_forward_hooks") and get_matmul_kernel() is np.matmul
    with prof.profile("d"):                                 # usable again
        model(Tensor(np.ones((1, 2), np.float32)))
    assert prof.results["d"].modules["0"].calls == 1
    with pytest.raises(RuntimeError, match="nothing profiled"):
        PerformanceProfiler(model).report()


# ---------------------------------------------------------------------------------------------------------------
# BottleneckAnalyzer
# ---------------------------------------------------------------------------------------------------------------
def test_measurements_use_the_median_time():
    assert measure_peak_gflops(64, timer=Timer(1, 3, stepping_clock(1_000))) == 2 * 64 ** 3 / 1e-6 / 1e9
    assert measure_bandwidth_gbs(2**20, timer=Timer(1, 3, stepping_clock(1_000_000))) == 2 * 2**20 / 1e-3 / 1e9


def test_measurements_on_this_machine_are_plausible():
    peak = measure_peak_gflops(128, timer=Timer(1, 3))
    bw = measure_bandwidth_gbs(8 * 2**20, timer=Timer(1, 3))
    assert 0 < peak < 1e5 and 0 < bw < 1e4          # loose: a loaded machine can be very slow, never negative


@pytest.mark.parametrize("batch,verdict", [(1, "memory-bound"), (512, "compute-bound")])
def test_bottleneck_verdict_depends_on_batch_size(batch, verdict):
    din, dout = 256, 128
    flops = 2 * batch * din * dout
    fc = ModuleStats("fc", "Linear", param_bytes=(din * dout + dout) * 4, calls=2, inclusive_ns=2e6, self_ns=2e6,
                     flops=2 * flops, input_bytes=2 * batch * din * 4, output_bytes=2 * batch * dout * 4)
    act = ModuleStats("act", "ReLU", calls=2, inclusive_ns=1e6, self_ns=1e6)
    ana = BottleneckAnalyzer(ProfileResult("r", {"act": act, "fc": fc}), peak_gflops=100.0, bandwidth_gbs=10.0)
    assert ana.ridge_point == 10.0
    rows = ana.analyze(5)
    assert [r["name"] for r in rows] == ["fc", "act"]
    moved = 2 * ((batch * din + batch * dout) * 4 + (din * dout + dout) * 4)
    assert rows[0]["bytes"] == moved and rows[0]["intensity"] == 2 * flops / moved
    assert rows[0]["verdict"] == verdict
    assert rows[0]["roof_gflops"] == min(100.0, 10.0 * 2 * flops / moved)
    assert rows[0]["attained_gflops"] == 2 * flops / 2e6
    assert rows[1]["intensity"] == 0.0 and rows[1]["verdict"] == "memory-bound"


def test_arithmetic_intensity_validates():
    assert arithmetic_intensity(10, 4) == 2.5
    with pytest.raises(ValueError):
        arithmetic_intensity(1, 0)
    with pytest.raises(ValueError):
        arithmetic_intensity(-1, 4)


# ---------------------------------------------------------------------------------------------------------------
# OptimizationComparer / InteractionAnalyzer
# ---------------------------------------------------------------------------------------------------------------
def test_comparer_interleaves_variants_and_reports_speedups():
    clock, log = ManualClock(), []
    times = np.array([[100, 60, 30], [100, 50, 20], [120, 40, 30], [90, 45, 30]])   # first row: warm-up
    cmp = OptimizationComparer(Timer(warmup=1, repeats=3, clock=clock, n_boot=200, seed=2))
    for j, name in enumerate(["base", "a", "b"]):
        cmp.add(name, work_from(clock, times[:, j], log, name), size=j)
    rows = cmp.run()
    assert log == ["base", "a", "b"] * 4
    t = times[1:].astype(float)
    np.testing.assert_array_equal(cmp.samples, t)
    for j, row in enumerate(rows):
        assert row["median_ms"] == np.median(t[:, j]) / 1e6 and row["size"] == j
        assert row["speedup"].median == np.median(t[:, 0] / t[:, j])
    assert rows[2]["speedup"].median == 4.0
    assert "speedup" in cmp.table() and "4.00" in cmp.table()


def test_comparer_needs_variants():
    with pytest.raises(RuntimeError):
        OptimizationComparer().run()
    with pytest.raises(TypeError):
        OptimizationComparer().add("x", 3)


@pytest.mark.parametrize("t_both,verdict", [(20, "multiplicative"), (35, "sub-multiplicative"),
                                            (10, "super-multiplicative")])
def test_interaction_verdicts(t_both, verdict):
    rng = np.random.default_rng(0)
    samples = np.array([[100, 50, 40, t_both]] * 15, dtype=float) * rng.uniform(0.98, 1.02, size=(15, 4))
    got = InteractionAnalyzer(Timer(n_boot=300)).from_samples(samples, names=("x", "y"))
    assert got.verdict == verdict
    assert got.predicted == pytest.approx(got.speedup_a.median * got.speedup_b.median)
    c = samples[:, 1] * samples[:, 2] / (samples[:, 0] * samples[:, 3])
    assert got.composition.median == pytest.approx(np.median(c), rel=1e-12)
    assert "x+y" in str(got)


def test_interaction_analyze_measures_in_one_run():
    clock, log = ManualClock(), []
    fns = [work_from(clock, [t] * 4, log, k) for k, t in enumerate([120, 60, 40, 20])]
    got = InteractionAnalyzer(Timer(warmup=1, repeats=3, clock=clock)).analyze(*fns)
    assert log == [0, 1, 2, 3] * 4
    assert (got.speedup_a.median, got.speedup_b.median, got.speedup_both.median) == (2, 3, 6)
    with pytest.raises(ValueError):
        InteractionAnalyzer().from_samples(np.ones((3, 3)))


def test_format_table():
    text = format_table([{"name": "a", "x": 1.23456, "n": 3}, {"name": "bb", "x": 10.0, "n": 12}], digits=2)
    lines = text.splitlines()
    assert lines[0].split() == ["name", "x", "n"] and lines[2].split() == ["a", "1.23", "3"]
    assert format_table([]) == "(no rows)"
