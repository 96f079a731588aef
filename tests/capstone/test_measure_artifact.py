"""Issue 19 measurement core (tinytorch.capstone.tinymlperf): measure_artifact, rank_with_ties, analyze_model.

measure_artifact must be the olympics' measurement (measure_system on the same held-out data, same baseline and gate),
repeated, JSON-serialisable, with the keys the server reads; rank_with_ties must tie overlapping intervals;
analyze_model's suggestions must come from the measured numbers (so a different model gives different suggestions).
"""
import json
import re

import numpy as np
import pytest

import tinytorch.capstone.tinymlperf as mlperf
from tinytorch.capstone.artifact import load_artifact, save_artifact
from tinytorch.capstone.tinymlperf import (QUICK, Generator, analyze_model, artifact_system, digits_task,
                                           measure_artifact, rank_with_ties, tinygpt_task)
from tinytorch.core.data import load_digits
from tinytorch.core.nn import manual_seed
from tinytorch.core.transformer import load_digits_mlp, load_tinygpt
from tinytorch.optimization.compression import global_magnitude_prune
from tinytorch.optimization.quantization import model_size_bytes, quantize_model

SERVER_KEYS = {"task", "quality", "baseline_quality", "gate_passed", "p50_ms", "p90_ms", "p99_ms", "p90_ms_interval",
               "samples_per_s", "model_bytes", "peak_bytes", "repeats"}


@pytest.fixture(scope="module")
def data():
    return load_digits()


def test_measure_artifact_digits_quick(data, tmp_path, monkeypatch):
    X_train, _, X_test, y_test = data
    model = quantize_model(load_digits_mlp(), [X_train[:256]])
    art = load_artifact(save_artifact(model, tmp_path / "q.tta", "digits", meta={"name": "int8"}))
    calls = []
    real = mlperf.measure_system
    monkeypatch.setattr(mlperf, "measure_system", lambda *a, **k: calls.append(k) or real(*a, **k))
    r = measure_artifact(art, QUICK, repeats=2)
    assert len(calls) == 2 and all(k["n_queries"] == QUICK.digits_queries for k in calls), \
        "measure_artifact must reuse measure_system once per repeat"
    assert SERVER_KEYS <= set(r) and json.loads(json.dumps(r)) == r
    assert r["task"] == "digits" and r["name"] == "int8" and r["repeats"] == 2 and len(r["per_repeat"]) == 2
    want_quality = float((model(X_test).data.argmax(-1) == y_test).mean())
    baseline = float((load_digits_mlp()(X_test).data.argmax(-1) == y_test).mean())
    assert r["quality"] == want_quality and r["baseline_quality"] == baseline
    assert r["gate_passed"] == (want_quality >= 0.99 * baseline)
    assert r["model_bytes"] == model_size_bytes(model) and r["peak_bytes"] > 0
    for field in ("p50_ms", "p90_ms", "p99_ms", "samples_per_s"):
        lo, hi = r[f"{field}_interval"]
        values = [rep[field] for rep in r["per_repeat"]]
        assert lo == min(values) and hi == max(values) and lo <= r[field] <= hi and lo > 0
    assert r["p50_ms"] <= r["p90_ms"] <= r["p99_ms"]


def test_measure_artifact_checks_its_arguments(data, tmp_path):
    art = load_artifact(save_artifact(load_digits_mlp(), tmp_path / "f.tta", "digits"))
    with pytest.raises(ValueError, match="repeats must be an int >= 1, got 0"):
        measure_artifact(art, QUICK, repeats=0)
    with pytest.raises(TypeError, match="expects a loaded Artifact"):
        measure_artifact(load_digits_mlp(), QUICK)
    gpt_task = tinygpt_task(load_tinygpt()[1], n_prompts=4, quality_windows=1)
    with pytest.raises(ValueError, match="the artifact is for the 'digits' task, the task given is 'tinygpt'"):
        artifact_system(art, gpt_task)


def test_artifact_system_for_tinygpt_uses_the_cache_setting(tmp_path):
    gpt, tok = load_tinygpt()
    task = tinygpt_task(tok, n_prompts=4, quality_windows=1)
    for use_cache in (False, True):
        art = load_artifact(save_artifact(gpt, tmp_path / f"{use_cache}.tta", "tinygpt", use_cache=use_cache))
        system = artifact_system(art, task, new_tokens=3)
        assert isinstance(system, Generator) and system.use_cache is use_cache and system.new_tokens == 3
        assert np.array_equal(system(task.inputs[:2]), Generator(gpt, 3)(task.inputs[:2]))


def test_measure_artifact_tinygpt_quick(tmp_path):
    "The quick tinygpt measurement, twice, with the KV cache (about 1 s with single-threaded BLAS)."
    gpt, _ = load_tinygpt()
    art = load_artifact(save_artifact(gpt, tmp_path / "g.tta", "tinygpt", use_cache=True))
    r = measure_artifact(art, QUICK, repeats=2)
    assert SERVER_KEYS <= set(r) and r["use_cache"] is True and r["task"] == "tinygpt"
    assert r["quality"] == r["baseline_quality"] and r["gate_passed"]     # the same model, cache or not


# ---- rank_with_ties ------------------------------------------------------------------------------------------------
def _e(name, value, lo=None, hi=None):
    entry = {"name": name, "p90_ms": value}
    if lo is not None:
        entry["p90_ms_interval"] = [lo, hi]
    return entry


def _ranks(ranked):
    return [(r["name"], r["rank"]) for r in ranked]


def test_rank_with_ties_overlapping_intervals_share_a_rank():
    entries = [_e("c", 3.0, 2.9, 3.1), _e("a", 1.0, 0.9, 1.2), _e("b", 1.1, 1.15, 1.3), _e("d", 5.0, 4.0, 6.0)]
    assert _ranks(rank_with_ties(entries, "p90_ms")) == [("a", 1), ("b", 1), ("c", 3), ("d", 4)]
    # b's interval no longer reaches a's: three ranks
    entries[2] = _e("b", 1.25, 1.21, 1.3)
    assert _ranks(rank_with_ties(entries, "p90_ms")) == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]


def test_rank_with_ties_chains_higher_is_better_and_points():
    chain = [_e("x", 1.0, 0.5, 1.5), _e("y", 2.0, 1.4, 2.6), _e("z", 3.0, 2.5, 3.5)]      # x~y, y~z: one group
    assert _ranks(rank_with_ties(chain, "p90_ms")) == [("x", 1), ("y", 1), ("z", 1)]
    assert _ranks(rank_with_ties(chain, "p90_ms", lower_is_better=False)) == [("z", 1), ("y", 1), ("x", 1)]
    points = [_e("p", 2.0), _e("q", 1.0), _e("r", 2.0)]
    assert _ranks(rank_with_ties(points, "p90_ms", lower_is_better=False)) == [("p", 1), ("r", 1), ("q", 3)]
    assert rank_with_ties([], "p90_ms") == []
    with pytest.raises(ValueError, match=r"entries\[1\] has no 'p90_ms' field"):
        rank_with_ties([_e("a", 1.0), {"name": "b"}], "p90_ms")
    with pytest.raises(ValueError, match="finite p90_ms"):
        rank_with_ties([_e("a", float("nan"))], "p90_ms")


# ---- analyze_model ---------------------------------------------------------------------------------------------------
# A fixed roofline: verdicts depend on the model, not the machine.
ROOF = {"peak_gflops": 100.0, "bandwidth_gbs": 20.0}


def test_analyze_model_reports_layers_and_a_computed_bottleneck(data):
    X_train, _, X_test, y_test = data
    model = load_digits_mlp()
    report = analyze_model(model, digits_task(X_test, y_test), queries=5, **ROOF)
    json.dumps(report)
    leaves = [r for r in report["layers"] if r["leaf"]]
    assert [r["name"] for r in leaves] == ["0", "1", "2", "3", "4"]
    assert [r["bytes"] for r in leaves] == [model_size_bytes(m) for m in model]
    assert all(r["calls"] == 5 for r in leaves)
    assert abs(sum(r["time_pct"] for r in report["layers"]) - 100) < 1e-6
    top = report["bottleneck"]
    assert top["self_ms"] == max(r["self_ms"] for r in leaves)
    first = report["suggestions"][0]
    assert f"layer '{top['name']}' ({top['kind']}) holds {top['time_pct']:.0f} % of the time" in first
    assert f"{top['bytes_pct']:.0f} % of the bytes" in first


def test_analyze_model_suggestions_change_with_the_model(data):
    X_train, _, X_test, y_test = data
    task = digits_task(X_test, y_test)
    fp32 = load_digits_mlp()
    int8 = quantize_model(fp32, [X_train[:256]])
    pruned = load_digits_mlp()
    global_magnitude_prune(pruned, 0.8)
    s_fp32 = analyze_model(fp32, task, queries=5, **ROOF)["suggestions"]
    s_int8 = analyze_model(int8, task, queries=5, **ROOF)["suggestions"]
    s_pruned = analyze_model(pruned, task, queries=5, **ROOF)["suggestions"]
    assert s_fp32 != s_int8
    assert any("(Linear)" in s for s in s_fp32) and not any("(Linear)" in s for s in s_int8)
    assert any("QuantizedLinear" in s for s in s_int8)
    zeros = [s for s in s_pruned if "zeros stored densely" in s]
    assert zeros and not any("zeros stored densely" in s for s in s_fp32)
    # the layer named in each sparsity sentence really has that share of zeros
    for s in zeros:
        name, pct = re.match(r"layer '(\d+)' is (\d+)% zeros", s).groups()
        assert round(100 * float((pruned[int(name)].weight.data == 0).mean())) == int(pct)


def test_analyze_model_tinygpt_cache_advice_follows_the_setting():
    gpt, tok = load_tinygpt()
    task = tinygpt_task(tok, n_prompts=4, quality_windows=1)
    without = analyze_model(gpt, task, queries=1, new_tokens=3, use_cache=False, **ROOF)
    with_cache = analyze_model(Generator(gpt, 3, use_cache=True), task, queries=1, new_tokens=3, use_cache=True,
                               **ROOF)
    assert any("KV cache" in s and "turn the cache on" in s for s in without["suggestions"])
    assert not any("turn the cache on" in s for s in with_cache["suggestions"])
    assert without["categories"]["Attention"] > 0 and set(without["categories"]) <= {"Attention", "Feed Forward",
                                                                                     "Embedding", "Other"}


def test_artifact_system_refuses_a_tinygpt_too_small_for_the_task(tmp_path):
    from tinytorch.core.transformer import TinyGPT
    _, tok = load_tinygpt()
    task = tinygpt_task(tok, n_prompts=4, quality_windows=1)
    manual_seed(0)
    short = TinyGPT(tok.vocab_size, d_model=8, n_heads=2, n_layers=1, max_len=20)
    art = load_artifact(save_artifact(short, tmp_path / "s.tta", "tinygpt"))
    with pytest.raises(ValueError, match=r"16-token prompts plus 8 new tokens need max_len >= 24, .* max_len=20"):
        artifact_system(art, task, new_tokens=8)
    manual_seed(0)
    small_vocab = TinyGPT(5, d_model=8, n_heads=2, n_layers=1, max_len=64)
    art = load_artifact(save_artifact(small_vocab, tmp_path / "v.tta", "tinygpt"))
    with pytest.raises(ValueError, match="vocab_size=5"):
        artifact_system(art, task, new_tokens=8)



def test_artifact_system_refuses_a_tinygpt_shorter_than_the_quality_windows(tmp_path):
    "max_len covers the prompts and new tokens but not the 64-token quality windows: refused before measuring."
    from tinytorch.core.transformer import TinyGPT
    _, tok = load_tinygpt()
    task = tinygpt_task(tok, n_prompts=4, quality_windows=1)
    assert task.context == 64 and int(task.inputs.max()) < task.vocab <= tok.vocab_size
    manual_seed(0)
    short = TinyGPT(tok.vocab_size, d_model=8, n_heads=2, n_layers=1, max_len=40)
    art = load_artifact(save_artifact(short, tmp_path / "w.tta", "tinygpt"))
    with pytest.raises(ValueError, match="quality windows are 64 tokens long, .* max_len=40"):
        artifact_system(art, task, new_tokens=8)
    with pytest.raises(ValueError, match="positions 0..63"):       # what measuring it would have hit
        task.quality(Generator(art.model, 8))

def test_analyze_artifact_is_analyze_model_on_the_measured_task(tmp_path):
    from tinytorch.capstone.artifact import load_artifact, save_artifact
    from tinytorch.capstone.tinymlperf import QUICK, analyze_artifact
    from tinytorch.core.transformer import load_digits_mlp
    artifact = load_artifact(save_artifact(load_digits_mlp(), tmp_path / "mlp.tta", "digits"))
    report = analyze_artifact(artifact, QUICK, queries=2)
    assert report["task"] == "digits" and report["bottleneck"]["name"] in {row["name"] for row in report["layers"]}
    assert report["suggestions"] and all(isinstance(s, str) for s in report["suggestions"])
