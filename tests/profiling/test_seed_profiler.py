"""Issue 17, bullet 6: the seed's profiler experience (PerformanceProfiler() with no model, warm-up, categories,
report printed once, compare_optimizations, Chrome trace), the global module call hooks it rests on, and the one
byte count (MemoryProfiler.parameter_bytes == model_size_bytes)."""
import json
import os

import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.nn import GELU, Linear, Module, ReLU, Sequential, register_module_call_hooks
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.profiling.profiler import (CATEGORIES, MemoryProfiler, PerformanceProfiler, module_category)

from test_profiler import ManualClock   # the fake clock of the module's tests (pytest puts tests/profiling on sys.path)


class Work(Module):
    "Advances a fake clock by `ns` per forward and counts its forward calls."
    def __init__(self, clock, ns):
        super().__init__()
        self.clock, self.ns, self.forwards = clock, ns, 0

    def forward(self, x):
        self.forwards += 1
        self.clock.advance(self.ns)
        return x


class Pair(Module):
    def __init__(self, clock, own, first, second):
        super().__init__()
        self.clock, self.own, self.first, self.second = clock, own, first, second

    def forward(self, x):
        self.clock.advance(self.own)
        return self.second(self.first(x))


@pytest.fixture(scope="module")
def tinygpt():
    from tinytorch.core.transformer import load_tinygpt, tinygpt_val_ids
    gpt, tok = load_tinygpt()
    return gpt, tinygpt_val_ids(tok)[:2 * 32].reshape(2, 32)


# ---------------------------------------------------------------------------------------------------------------
# global module call hooks (core nn)
# ---------------------------------------------------------------------------------------------------------------
def test_global_hooks_see_every_call_in_order_and_cost_nothing_when_removed():
    model = Sequential(Linear(3, 4), ReLU(), Sequential(Linear(4, 2)))
    assert Module.__call__ is Module._call_plain
    log = []
    handle = register_module_call_hooks(lambda m, inputs: log.append(("pre", type(m).__name__)),
                                        lambda m, inputs, out: log.append(("post", type(m).__name__)))
    assert Module.__call__ is Module._call_hooked
    try:
        out = model(Tensor(np.ones((2, 3), np.float32)))
    finally:
        handle.remove()
    assert Module.__call__ is Module._call_plain           # the plain call is back: zero cost
    assert out.shape == (2, 2)
    assert log == [("pre", "Sequential"), ("pre", "Linear"), ("post", "Linear"), ("pre", "ReLU"), ("post", "ReLU"),
                   ("pre", "Sequential"), ("pre", "Linear"), ("post", "Linear"), ("post", "Sequential"),
                   ("post", "Sequential")]
    model(Tensor(np.ones((2, 3), np.float32)))
    assert len(log) == 10                                   # removed: nothing recorded any more


def test_global_hooks_run_inside_the_modules_own_hooks_and_two_registrations_nest():
    lin = Linear(2, 2)
    order = []
    lin.register_forward_pre_hook(lambda m, i: order.append("own pre"))
    lin.register_forward_hook(lambda m, i, o: order.append("own post"))
    h1 = register_module_call_hooks(lambda m, i: order.append("g1 pre"), lambda m, i, o: order.append("g1 post"))
    h2 = register_module_call_hooks(post=lambda m, i, o: order.append("g2 post"))
    try:
        lin(Tensor(np.ones((1, 2), np.float32)))
    finally:
        h1.remove()
        assert Module.__call__ is Module._call_hooked       # one global hook is still registered
        h2.remove()
    assert Module.__call__ is Module._call_plain
    assert order == ["own pre", "g1 pre", "g2 post", "g1 post", "own post"]


def test_global_hooks_reject_bad_arguments():
    with pytest.raises(TypeError, match="callable"):
        register_module_call_hooks(pre=3)
    with pytest.raises(ValueError, match="neither"):
        register_module_call_hooks()
    assert Module.__call__ is Module._call_plain


# ---------------------------------------------------------------------------------------------------------------
# PerformanceProfiler() without a model
# ---------------------------------------------------------------------------------------------------------------
def test_profiler_without_model_records_every_module_call_with_the_model_names():
    clock = ManualClock()
    model = Pair(clock, 5, Work(clock, 10), Pair(clock, 1, Work(clock, 20), Work(clock, 4)))
    prof = PerformanceProfiler(clock=clock, trace_flops=False, warmup=0)
    with prof.profile("fwd"):
        model(Tensor(np.zeros(3, np.float32)))
    stats = {n: (s.inclusive_ns, s.self_ns, s.calls) for n, s in prof.results["fwd"].modules.items()}
    assert stats == {"": (40, 5, 1), "first": (10, 10, 1), "second": (25, 1, 1), "second.first": (20, 20, 1),
                     "second.second": (4, 4, 1)}
    assert prof.results["fwd"].wall_ns == 40
    assert Module.__call__ is Module._call_plain            # the global hook is gone after the block


def test_profiler_names_a_second_top_level_module_by_its_type():
    clock = ManualClock()
    a, b = Work(clock, 3), Pair(clock, 1, Work(clock, 2), Work(clock, 2))
    prof = PerformanceProfiler(clock=clock, trace_flops=False, warmup=0)
    with prof.profile("two"):
        a(Tensor(np.zeros(1, np.float32)))
        b(Tensor(np.zeros(1, np.float32)))
    assert list(prof.results["two"].modules) == ["", "Pair", "Pair.first", "Pair.second"]
    assert prof.results["two"].modules["Pair.first"].self_ns == 2


def test_warmup_runs_the_first_top_level_call_unrecorded_and_is_not_in_the_wall_time():
    clock = ManualClock()
    leaf = Work(clock, 7)
    model = Pair(clock, 3, leaf, Work(clock, 1))
    for warmup, forwards in [(0, 2), (1, 3), (3, 5)]:
        leaf.forwards = 0
        prof = PerformanceProfiler(clock=clock, trace_flops=False, warmup=warmup)
        with prof.profile("r"):
            model(Tensor(np.zeros(1, np.float32)))
            model(Tensor(np.zeros(1, np.float32)))         # already warm: recorded directly
        r = prof.results["r"]
        assert leaf.forwards == forwards, f"warmup={warmup}"
        assert r.modules[""].calls == 2 and r.modules["first"].calls == 2
        assert r.wall_ns == 2 * 11 and r.modules[""].inclusive_ns == 22
        assert len(prof.events) == 2 * 3                    # warm-up calls leave no trace events
    with pytest.raises(ValueError, match="warmup"):
        PerformanceProfiler(warmup=-1)


def test_warmup_removes_the_cold_start_outlier_of_the_first_call():
    class ColdStart(Module):
        "Its first forward is 1000x slower (like a first allocation / lazy init)."
        def __init__(self, clock):
            super().__init__()
            self.clock, self.first = clock, True

        def forward(self, x):
            self.clock.advance(1_000_000 if self.first else 1_000)
            self.first = False
            return x

    clock = ManualClock()
    cold = PerformanceProfiler(clock=clock, trace_flops=False, warmup=0)
    m = ColdStart(clock)
    with cold.profile("x"):
        m(Tensor(np.zeros(1, np.float32)))
    warm = PerformanceProfiler(clock=clock, trace_flops=False)      # default warmup=1
    m2 = ColdStart(clock)
    with warm.profile("x"):
        m2(Tensor(np.zeros(1, np.float32)))
    assert cold.results["x"].modules[""].self_ns == 1_000_000
    assert warm.results["x"].modules[""].self_ns == 1_000 and warm.results["x"].wall_ns == 1_000


def test_profiler_with_a_model_still_records_only_that_model():
    model, other = Sequential(Linear(2, 2)), Linear(2, 2)
    prof = PerformanceProfiler(model)
    with prof.profile():
        model(Tensor(np.ones((1, 2), np.float32)))
        other(Tensor(np.ones((1, 2), np.float32)))
    assert list(prof.results["forward"].modules) == ["", "0"]
    assert not model[0].__dict__.get("_forward_hooks")


# ---------------------------------------------------------------------------------------------------------------
# categories and report
# ---------------------------------------------------------------------------------------------------------------
def test_seed_snippet_verbatim_on_tinygpt(tinygpt, capsys):
    my_transformer, inputs = tinygpt
    profiler = PerformanceProfiler()
    with profiler.profile("my_transformer"):
        output = my_transformer(inputs)
    assert profiler.report() is None
    printed = capsys.readouterr().out
    assert printed.count("[my_transformer]") == 1 and printed.strip() == profiler.report_text().strip()
    for category in CATEGORIES:
        assert category in printed
    assert "blocks.0.attn.q_proj" in printed
    assert output.shape == (2, 32, my_transformer.config["vocab_size"])
    cats = profiler.categories
    assert cats["blocks.0.attn"] == cats["blocks.0.attn.q_proj"] == "Attention"
    assert cats["blocks.2.mlp"] == cats["blocks.2.mlp.fc1"] == cats["blocks.2.mlp.act"] == "Feed Forward"
    assert cats["tok_emb"] == cats["pos_emb"] == "Embedding"
    assert cats["head"] == cats["ln_f"] == cats["blocks.1.ln1"] == cats["blocks.1"] == cats[""] == "Other"
    percent = profiler.category_percent()
    assert list(percent) == list(CATEGORIES) and abs(sum(percent.values()) - 100) < 1e-9
    assert percent["Attention"] > 0 and percent["Feed Forward"] > 0


def test_category_percent_is_self_time_by_category_exactly():
    clock = ManualClock()

    class Attention(Module):
        def __init__(self):
            super().__init__()
            self.proj = Work(clock, 30)

        def forward(self, x):
            clock.advance(10)                                # the attention core
            return self.proj(x)

    class Net(Module):
        def __init__(self):
            super().__init__()
            self.emb = type("Embedding", (Work,), {})(clock, 5)
            self.attn = Attention()
            self.mlp = Sequential(type("Linear", (Work,), {})(clock, 40), type("ReLU", (Work,), {})(clock, 5))
            self.norm = Work(clock, 8)

        def forward(self, x):
            clock.advance(2)
            return self.norm(self.mlp(self.attn(self.emb(x))))

    prof = PerformanceProfiler(clock=clock, trace_flops=False, warmup=0)
    with prof.profile("n"):
        Net()(Tensor(np.zeros(1, np.float32)))
    assert prof.category_percent() == {"Attention": 40.0, "Feed Forward": 45.0, "Embedding": 5.0, "Other": 10.0}


def test_module_category_rule():
    lin, seq = Linear(2, 2), Sequential(Linear(2, 2), GELU())
    assert module_category(lin) == "Feed Forward"                       # profiled on its own
    assert module_category(seq) == "Feed Forward"                       # a plain MLP
    assert module_category(lin, (Module(),)) == "Other"                 # an LM head under a model
    assert module_category(nn.LayerNorm(2), (seq,)) == "Feed Forward"   # inside a feed-forward container
    assert module_category(nn.LayerNorm(2)) == "Other"


def test_report_on_the_digits_mlp(capsys):
    from tinytorch.core.data import load_digits
    from tinytorch.core.transformer import load_digits_mlp
    mlp, X = load_digits_mlp(), load_digits()[2][:64]
    profiler = PerformanceProfiler()
    with no_grad(), profiler.profile("digits"):
        mlp(X)
    profiler.report()
    assert profiler.category_percent()["Feed Forward"] == 100.0          # every layer of a plain MLP
    assert "Feed Forward" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------------------------
# compare_optimizations
# ---------------------------------------------------------------------------------------------------------------
def test_compare_optimizations_models_and_callables_in_one_run(capsys):
    calls = []
    big, small = Sequential(Linear(64, 256), ReLU(), Linear(256, 64)), Sequential(Linear(64, 8))
    x = Tensor(np.ones((16, 64), np.float32))
    profiler = PerformanceProfiler()
    with profiler.profile("big"):
        big(x)

    def cached():
        calls.append("cached")

    rows = profiler.compare_optimizations(big, small, cached, lambda: calls.append("lambda"), repeats=5, warmup=1)
    out = capsys.readouterr().out
    assert [r["name"] for r in rows] == ["baseline", "Sequential", "cached", "candidate 4"]
    assert calls.count("cached") == 6 and calls.count("lambda") == 6          # 1 warm-up + 5 rounds each
    assert rows[0]["speedup"] == 1.0
    for r in rows:
        assert r["ci_low_ms"] <= r["median_ms"] <= r["ci_high_ms"] and r["median_ms"] > 0
        assert r["name"] in out
    assert "median ms" in out and "speedup vs baseline" in out
    named = profiler.compare_optimizations(big, pruned=small, inputs=x, repeats=3)
    assert [r["name"] for r in named] == ["baseline", "pruned"]
    renamed = profiler.compare_optimizations(big, small, names=["fp32", "tiny"], repeats=3)
    assert [r["name"] for r in renamed] == ["fp32", "tiny"]


def test_compare_optimizations_errors():
    profiler = PerformanceProfiler()
    with pytest.raises(ValueError, match="inputs"):
        profiler.compare_optimizations(Linear(2, 2), repeats=2)
    with pytest.raises(TypeError, match="Module or a callable"):
        profiler.compare_optimizations(lambda: None, 3, repeats=2)
    with pytest.raises(ValueError, match="at least one"):
        profiler.compare_optimizations()


# ---------------------------------------------------------------------------------------------------------------
# Chrome trace
# ---------------------------------------------------------------------------------------------------------------
def _check_nesting(events):
    "Every event lies inside the events that enclose it in time, like a call stack (1e-6 us for float rounding)."
    eps, stack = 1e-6, []
    for e in sorted(events, key=lambda e: (e["ts"], -e["dur"])):
        while stack and e["ts"] >= stack[-1]["ts"] + stack[-1]["dur"] - eps:
            stack.pop()
        if stack:
            parent = stack[-1]
            assert parent["ts"] <= e["ts"] and e["ts"] + e["dur"] <= parent["ts"] + parent["dur"] + eps, (parent, e)
        stack.append(e)


def test_chrome_trace_round_trip_on_tinygpt(tinygpt, tmp_path):
    gpt, inputs = tinygpt
    profiler = PerformanceProfiler()
    with profiler.profile("one"):
        gpt(inputs)
    path = profiler.export_chrome_trace(tmp_path / "trace.json")
    doc = json.loads((tmp_path / "trace.json").read_text())
    assert path == str(tmp_path / "trace.json")
    assert doc["displayTimeUnit"] == "ms" and isinstance(doc["traceEvents"], list)
    events = doc["traceEvents"]
    assert len(events) == sum(s.calls for s in profiler.results["one"].modules.values())   # one per module call
    for e in events:
        assert e["ph"] == "X" and isinstance(e["name"], str) and e["cat"] in CATEGORIES
        assert isinstance(e["ts"], float) and isinstance(e["dur"], float) and e["dur"] >= 0
        assert isinstance(e["pid"], int) and isinstance(e["tid"], int)
        assert set(e["args"]) >= {"module", "type"}
    by_name = {e["name"]: e for e in events}
    assert by_name["blocks.0.attn.q_proj"]["cat"] == "Attention" and by_name["(model)"]["args"]["type"] == "TinyGPT"
    _check_nesting(events)
    model = by_name["(model)"]
    assert all(model["ts"] <= e["ts"] and e["ts"] + e["dur"] <= model["ts"] + model["dur"] for e in events)
    # durations are the profiler's inclusive times, in microseconds
    q = profiler.results["one"].modules["blocks.0.attn.q_proj"]
    assert by_name["blocks.0.attn.q_proj"]["dur"] == pytest.approx(q.inclusive_ns / 1e3)


def test_chrome_trace_nesting_is_exact_on_a_fake_clock(tmp_path):
    clock = ManualClock()
    model = Pair(clock, 5, Work(clock, 10), Pair(clock, 1, Work(clock, 20), Work(clock, 4)))
    prof = PerformanceProfiler(clock=clock, trace_flops=False, warmup=0)
    with prof.profile("fwd"):
        model(Tensor(np.zeros(3, np.float32)))
    events = {e["name"]: e for e in prof.trace_events()}
    assert {n: (e["ts"], e["dur"]) for n, e in events.items()} == {
        "(model)": (0.0, 0.04), "first": (0.005, 0.01), "second": (0.015, 0.025), "second.first": (0.016, 0.02),
        "second.second": (0.036, 0.004)}
    _check_nesting(list(events.values()))


def test_chrome_trace_to_a_missing_directory_raises_and_writes_nothing(tmp_path):
    profiler = PerformanceProfiler()
    with profiler.profile("x"):
        Linear(2, 2)(Tensor(np.ones((1, 2), np.float32)))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        profiler.export_chrome_trace(tmp_path / "missing" / "trace.json")
    assert not (tmp_path / "missing").exists() and os.listdir(tmp_path) == []
    with pytest.raises(RuntimeError, match="no module calls"):
        PerformanceProfiler().export_chrome_trace(tmp_path / "t.json")
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------------------------------------------------------
# one byte count
# ---------------------------------------------------------------------------------------------------------------
def test_parameter_bytes_is_model_size_bytes_for_int8_and_csr_models():
    from tinytorch.core.transformer import load_digits_mlp
    from tinytorch.optimization.compression import global_magnitude_prune, to_csr_model
    from tinytorch.optimization.quantization import model_size_bytes, quantize_model
    mlp = load_digits_mlp()
    int8 = quantize_model(mlp, observer=None)
    pruned = load_digits_mlp()
    global_magnitude_prune(pruned, 0.7)
    csr = to_csr_model(pruned)
    for model in (mlp, int8, csr):
        assert MemoryProfiler(model).parameter_bytes() == model_size_bytes(model)
    assert model_size_bytes(int8) < model_size_bytes(mlp)
    profiler = PerformanceProfiler()
    with no_grad(), profiler.profile("int8"):
        int8(np.ones((2, 64), np.float32))
    stats = profiler.results["int8"].modules
    assert stats[""].param_bytes == model_size_bytes(int8)
    for name, m in int8.named_modules():
        assert stats[name].param_bytes == model_size_bytes(m)
