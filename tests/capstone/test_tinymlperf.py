"""Unit tests of the TinyMLPerf benchmark in tinytorch.capstone.tinymlperf (the exported reference of module 20).

Timing logic is checked exactly with a fake clock; measured quantities (accuracy, bytes, tokens) against independent
plain-NumPy computations written here; the optimization tasks against their thresholds on the real data.
"""
import math

import numpy as np
import pytest

from tinytorch.capstone.tinymlperf import (
    GATE_FRACTION, RESULT_FIELDS, SCENARIOS, Generator, SubmissionError, Task, accuracy_gate, digits_task,
    fast_generate, measure_system, next_char_accuracy, optimize_digits, pareto_frontier, query_order, run_scenario,
    tinygpt_task, validate_submission)
from tinytorch.core import nn
from tinytorch.core.data import load_digits
from tinytorch.core.transformer import load_digits_mlp, load_tinygpt
from tinytorch.optimization.quantization import model_size_bytes


@pytest.fixture(scope="module")
def digits():
    return load_digits()


@pytest.fixture(scope="module")
def tinygpt():
    return load_tinygpt()


class FakeClock:
    "Moves only when a fake query is answered, so latencies are exactly known."

    def __init__(self):
        self.now = 0

    def __call__(self):
        return self.now


def fake_task(costs_ns, clock, batch=4):
    seen = []

    def infer(model, b):
        seen.append(b[:, 0].tolist())
        clock.now += int(np.asarray(costs_ns)[b[:, 0]].sum())
        return b

    return Task("digits", np.arange(len(costs_ns))[:, None], infer, lambda m: 1.0, batch), seen


def numpy_mlp_logits(model, x):
    "Independent forward pass of a Linear/ReLU Sequential."
    for m in model:
        x = x @ m.weight.data + m.bias.data if isinstance(m, nn.Linear) else np.maximum(x, 0)
    return x


# ---- query order -------------------------------------------------------------------------------------------------
def test_query_order_is_seeded_permutations():
    a, b = query_order(10, 25, seed=3), query_order(10, 25, seed=3)
    assert np.array_equal(a, b) and a.dtype == np.int64
    assert sorted(a[:10]) == list(range(10)) and sorted(a[10:20]) == list(range(10))   # each query once per round
    assert not np.array_equal(query_order(10, 25, seed=4), a)
    with pytest.raises(ValueError, match="n_inputs"):
        query_order(0, 5)


# ---- run_scenario ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_inputs, n, warmup, seed", [(7, 20, 3, 0), (50, 99, 5, 1), (3, 1, 0, 2)])
def test_single_stream_percentiles_with_fake_clock(n_inputs, n, warmup, seed):
    rng = np.random.default_rng(seed)
    costs = rng.integers(10_000, 9_000_000, size=n_inputs)
    clock = FakeClock()
    task, seen = fake_task(costs, clock)
    res = run_scenario(None, task, "SingleStream", n_queries=n, warmup=warmup, seed=seed, clock=clock)
    perm_rng = np.random.default_rng(seed)
    order = np.concatenate([perm_rng.permutation(n_inputs) for _ in range(-(-(n + warmup) // n_inputs))])[:n + warmup]
    assert [s[0] for s in seen] == order.tolist() and all(len(s) == 1 for s in seen)
    lat = np.sort(costs[order[warmup:]] / 1e6)
    for q, key in [(50, "p50_ms"), (90, "p90_ms"), (99, "p99_ms")]:
        pos = (len(lat) - 1) * q / 100                                 # linear interpolation, written out
        lo, hi = int(math.floor(pos)), int(math.ceil(pos))
        assert res[key] == pytest.approx(lat[lo] + (lat[hi] - lat[lo]) * (pos - lo), rel=1e-12)


def test_offline_throughput_with_fake_clock():
    costs = np.arange(1, 11) * 1_000_000
    clock = FakeClock()
    task, seen = fake_task(costs, clock, batch=3)
    res = run_scenario(None, task, "Offline", n_queries=10, warmup=2, seed=0, clock=clock)
    order = query_order(10, 12, 0)
    assert seen[0] == order[:2].tolist() and [len(s) for s in seen[1:]] == [3, 3, 3, 1]
    seconds = costs[order[2:]].sum() / 1e9
    assert res["seconds"] == pytest.approx(seconds) and res["samples_per_s"] == pytest.approx(10 / seconds)


def test_run_scenario_rejects_bad_arguments():
    task, _ = fake_task([1, 2], FakeClock())
    with pytest.raises(ValueError, match="Server"):
        run_scenario(None, task, "Server")
    with pytest.raises(ValueError, match="n_queries"):
        run_scenario(None, task, "Offline", n_queries=0)
    with pytest.raises(ValueError, match="warmup"):
        run_scenario(None, task, "SingleStream", warmup=-2)
    assert SCENARIOS == ("SingleStream", "Offline")


def test_real_clock_single_stream_on_digits(digits):
    model = load_digits_mlp()
    res = run_scenario(model, digits_task(*digits[2:]), "SingleStream", n_queries=30, warmup=2)
    assert 0 < res["p50_ms"] <= res["p90_ms"] <= res["p99_ms"]


# ---- accuracy gate -----------------------------------------------------------------------------------------------
def test_accuracy_gate_boundary_nan_and_validation():
    assert GATE_FRACTION == 0.99
    assert accuracy_gate(0.99 * 0.8, 0.8) is True and accuracy_gate(0.99 * 0.8 - 1e-12, 0.8) is False
    assert accuracy_gate(float("nan"), 0.9) is False
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="baseline"):
            accuracy_gate(0.5, bad)
    with pytest.raises(ValueError, match="fraction"):
        accuracy_gate(0.5, 0.9, 1.5)


# ---- Pareto ------------------------------------------------------------------------------------------------------
def test_pareto_frontier_matches_brute_force():
    rng = np.random.default_rng(20)
    for _ in range(50):
        results = [{"p90_ms": float(rng.integers(1, 5)), "model_bytes": int(rng.integers(1, 5)),
                    "gate_passed": bool(rng.random() < 0.75), "i": i} for i in range(int(rng.integers(0, 15)))]
        comp = [r for r in results if r["gate_passed"]]
        want = [a["i"] for a in comp if not any(
            b["p90_ms"] <= a["p90_ms"] and b["model_bytes"] <= a["model_bytes"]
            and (b["p90_ms"], b["model_bytes"]) != (a["p90_ms"], a["model_bytes"]) for b in comp)]
        assert [r["i"] for r in pareto_frontier(results)] == want
    with pytest.raises(ValueError, match="model_bytes"):
        pareto_frontier([{"p90_ms": 1.0, "gate_passed": True}])


# ---- submission schema -------------------------------------------------------------------------------------------
def result(**changes):
    r = {"task": "tinygpt", "name": "kv", "optimizations": ["kv-cache"], "quality": 0.72, "baseline_quality": 0.72,
         "gate_passed": True, "p50_ms": 5.0, "p90_ms": 6.0, "p99_ms": 7.0, "samples_per_s": 100.0,
         "model_bytes": 10, "peak_bytes": 0, "n_queries": 3}
    r.update(changes)
    return r


def submission(**changes):
    s = {"schema_version": 1, "submitter": "bob", "created": "now", "system": {}, "results": [result()],
         "sha256": "a" * 64}
    s.update(changes)
    return s


def test_validate_submission_accepts_valid_and_names_bad_fields():
    validate_submission(submission())
    assert set(result()) == set(RESULT_FIELDS)
    cases = [(submission(schema_version=7), "schema_version"), (submission(sha256="xyz"), "sha256"),
             (submission(results=[result(), result(model_bytes=True)]), "results[1].model_bytes"),
             (submission(results=[result(p50_ms=8.0)]), "results[0].p90_ms"),
             (submission(results=[result(quality=0.1)]), "results[0].gate_passed"),
             (submission(results=[{k: v for k, v in result().items() if k != "task"}]), "results[0].task")]
    for sub, field in cases:
        with pytest.raises(SubmissionError) as err:
            validate_submission(sub)
        assert str(err.value).startswith(field), (field, str(err.value))


# ---- measured systems --------------------------------------------------------------------------------------------
def test_measure_system_measures_quality_and_bytes_independently(digits):
    X_train, y_train, X_test, y_test = digits
    model = load_digits_mlp()
    task = digits_task(X_test, y_test)
    acc = float((numpy_mlp_logits(model, X_test).argmax(axis=-1) == y_test).mean())
    res = measure_system("fp32", model, task, acc, n_queries=20, warmup=1)
    assert set(res) == set(RESULT_FIELDS)
    assert res["quality"] == pytest.approx(acc) and res["gate_passed"] is True
    assert res["model_bytes"] == sum(p.data.nbytes for p in model.parameters())
    assert res["peak_bytes"] > 0 and res["samples_per_s"] > 0 and res["n_queries"] == 20


def test_generator_cache_gives_the_same_tokens_and_quality_is_teacher_forced(tinygpt):
    gpt, tok = tinygpt
    task = tinygpt_task(tok, n_prompts=3, quality_windows=2, seed=1)
    a = Generator(gpt, 6, use_cache=False)(task.inputs)
    b = Generator(gpt, 6, use_cache=True)(task.inputs)
    assert a.shape == (3, 6) and np.array_equal(a, b)
    assert np.array_equal(a[0], gpt.generate(task.inputs[0], 6, temperature=0)[16:])
    x = np.stack([task.inputs[0], task.inputs[1]])
    logits = gpt(x).data
    want = float((logits[:, :-1].argmax(axis=-1) == x[:, 1:]).mean())
    assert next_char_accuracy(Generator(gpt, 1), x[:, :-1], x[:, 1:]) == pytest.approx(want)
    # the cached path feeds one position at a time: the same predictions up to float32 rounding of the logits
    assert abs(next_char_accuracy(Generator(gpt, 1, use_cache=True), x[:, :-1], x[:, 1:]) - want) <= 1 / x[:, 1:].size
    with pytest.raises(ValueError, match="new_tokens"):
        Generator(gpt, 0)


# ---- the two optimization tasks ----------------------------------------------------------------------------------
def test_optimize_digits_reaches_both_thresholds(digits):
    X_train, y_train, X_test, y_test = digits
    model = load_digits_mlp()
    before = {k: v.copy() for k, v in model.state_dict().items()}
    opt = optimize_digits(model, X_train, y_train)
    fp32_bytes = sum(p.data.nbytes for p in model.parameters())
    assert model_size_bytes(opt) <= 0.30 * fp32_bytes
    base = float((numpy_mlp_logits(model, X_test).argmax(axis=-1) == y_test).mean())
    assert digits_task(X_test, y_test).quality(opt) >= 0.99 * base
    assert all(np.array_equal(v, before[k]) for k, v in model.state_dict().items())


def test_fast_generate_equals_greedy_generation(tinygpt):
    gpt, tok = tinygpt
    prompt = tok.encode("The quick brown fox")
    out = fast_generate(gpt, prompt, 20)
    assert out.dtype == np.int64 and np.array_equal(out, gpt.generate(prompt, 20, temperature=0))
