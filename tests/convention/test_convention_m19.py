"""Issue 17 bullet 5, module 19 (tinytorch.profiling.profiler): every public name classified.

(a) array functions: called with an ndarray, a Tensor and a Parameter -> identical results;
(b) model transforms: none in module 19 (the profilers observe a model; the tests check they leave it as it was);
(c) other: why, in a comment.
Times: milliseconds in everything a user reads (Timer.measure/compare Stats, OptimizationComparer *_ms,
compare_optimizations *_ms, the report); ns only as clock ticks (Timer.interleave, OptimizationComparer.samples) and
in fields whose name says so (ModuleStats.*_ns, ProfileResult.wall_ns).
"""
import numpy as np
import pytest

import tinytorch.profiling.profiler as m19
from tinytorch.core.nn import Linear, Parameter, ReLU, Sequential
from tinytorch.core.tensor import Tensor

_SAMPLES = np.array([3.0, 1.0, 4.0, 1.5, 9.0, 2.6], dtype=np.float32)

# (a) array functions: name -> (call with the array argument, how to compare results)
ARRAY_FUNCTIONS = {
    "summarize": lambda x: m19.summarize(x, n_boot=50, seed=1),
}

# (b) model transforms (return a new model, or are explicitly in place): none in module 19
MODEL_TRANSFORMS = {}

OTHER = {
    "FLOP_RULES": "a constant table (Tensor method -> FLOP rule)",
    "CATEGORIES": "a constant tuple of category names",
    "Stats": "a result dataclass",
    "Comparison": "a result dataclass",
    "Timer": "times zero-argument callables; reports ms (interleave returns the raw ns clock ticks)",
    "matmul_flops": "takes shapes (tuples of ints), not arrays",
    "trace_ops": "a context manager taking a callback",
    "FlopCount": "a result dataclass",
    "count_flops": "takes a model and an input shape; runs the model on zeros (does not modify it)",
    "MemoryProfiler": "observes a model (checked below: hooks removed, parameters unchanged)",
    "ModuleStats": "a result dataclass (times named *_ns: the unit is in the name)",
    "ProfileResult": "a result dataclass",
    "PerformanceProfiler": "observes any code (checked below: hooks removed, model unchanged)",
    "measure_peak_gflops": "takes a size and a timer",
    "measure_bandwidth_gbs": "takes a size and a timer",
    "arithmetic_intensity": "takes two numbers",
    "BottleneckAnalyzer": "analyses a ProfileResult",
    "OptimizationComparer": "times callables; median_ms/iqr_ms (samples are the raw ns clock ticks)",
    "Interaction": "a result dataclass",
    "InteractionAnalyzer": "from_samples takes a (rounds, 4) array of times: np.asarray, so Tensors work (below)",
    "format_table": "formats a list of dicts",
    "module_category": "takes a module and its enclosing modules",
}


def test_the_table_covers_all_exactly():
    classified = set(ARRAY_FUNCTIONS) | set(MODEL_TRANSFORMS) | set(OTHER)
    assert classified == set(m19.__all__), (f"unclassified: {sorted(set(m19.__all__) - classified)}, "
                                            f"not public: {sorted(classified - set(m19.__all__))}")
    assert not (set(ARRAY_FUNCTIONS) & set(OTHER))


@pytest.mark.parametrize("name", sorted(ARRAY_FUNCTIONS))
def test_array_functions_take_ndarrays_tensors_and_parameters(name):
    call = ARRAY_FUNCTIONS[name]
    want = call(_SAMPLES)
    for wrapped in (Tensor(_SAMPLES), Parameter(_SAMPLES.copy())):
        got = call(wrapped)
        assert isinstance(got.samples, np.ndarray)
        np.testing.assert_array_equal(got.samples, want.samples)
        assert (got.median, got.q1, got.q3, got.ci_low, got.ci_high, got.n) == \
            (want.median, want.q1, want.q3, want.ci_low, want.ci_high, want.n)


def test_from_samples_takes_a_tensor():
    samples = np.array([[100.0, 50.0, 40.0, 20.0]] * 5)
    analyzer = m19.InteractionAnalyzer(m19.Timer(n_boot=20))
    assert analyzer.from_samples(Tensor(samples)).predicted == analyzer.from_samples(samples).predicted


def test_profilers_leave_the_model_as_it_was():
    model = Sequential(Linear(4, 8), ReLU(), Linear(8, 2))
    before = {k: v.copy() for k, v in model.state_dict().items()}
    x = np.ones((3, 4), np.float32)
    m19.MemoryProfiler(model).profile(x)
    for profiler in (m19.PerformanceProfiler(model), m19.PerformanceProfiler()):
        with profiler.profile():
            model(x)
    m19.count_flops(model, (3, 4))
    after = model.state_dict()
    assert set(after) == set(before) and all(np.array_equal(after[k], before[k]) for k in before)
    assert all(not m.__dict__.get("_forward_hooks") and not m.__dict__.get("_forward_pre_hooks")
               for m in model.modules())


def test_times_a_user_reads_are_milliseconds():
    ticks = iter(range(0, 10**12, 2_000_000))                     # every timed call lasts 2,000,000 ns = 2 ms
    timer = m19.Timer(warmup=0, repeats=3, clock=lambda: next(ticks), n_boot=10)
    assert timer.measure(lambda: None).median == 2.0
    comparer = m19.OptimizationComparer(timer).add("a", lambda: None)
    assert comparer.run()[0]["median_ms"] == 2.0
