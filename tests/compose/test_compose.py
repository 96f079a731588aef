"""Issue 17, checked as a learner uses the package: the techniques of modules 15-19 on one model, together.

Each test names the issue bullet it checks. Models are the shipped checkpoints (digits MLP, TinyGPT) so the numbers are
about real trained weights; inputs are short so the file runs in seconds.
"""
import importlib.util
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tinytorch.capstone.tinymlperf import Generator, accuracy_gate, tinygpt_task
from tinytorch.core.data import load_digits
from tinytorch.core.tensor import Tensor, current_matmul_kind, no_grad
from tinytorch.core.transformer import load_digits_mlp, load_tinygpt
from tinytorch.generation.kv_cache import generate
from tinytorch.optimization.acceleration import Backend, use_backend
from tinytorch.optimization.compression import global_magnitude_prune, measure_sparsity, to_csr_model
from tinytorch.optimization.quantization import (QuantizedLinear, SparseQuantizedLinear, model_size_bytes,
                                                 quantize_model)
from tinytorch.profiling.profiler import MemoryProfiler, PerformanceProfiler

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gpt():
    model, tokenizer = load_tinygpt()[:2]
    return model.eval(), tokenizer


@pytest.fixture(scope="module")
def digits():
    return load_digits(), load_digits_mlp().eval()


class CountingBackend:
    "A module-15 backend that counts every matmul it is handed, by kind, and multiplies with NumPy."

    def __init__(self):
        self.kinds = Counter()

    def matmul(self, a, b):
        self.kinds[current_matmul_kind()] += 1
        return np.matmul(a, b)

    def backend(self) -> Backend:
        return Backend("counting", self.matmul, kernel=self.matmul)


# ---- bullet 1: one byte count ----------------------------------------------------------------------------------------
def test_every_byte_count_is_model_size_bytes_on_every_layer_kind(digits):
    (X_train, *_), mlp = digits
    pruned, _ = global_magnitude_prune(mlp, 0.7, inplace=False)
    for model in (mlp, quantize_model(mlp, [X_train[:64]]), quantize_model(pruned, [X_train[:64]]),
                  to_csr_model(pruned)):
        assert MemoryProfiler(model).parameter_bytes() == model_size_bytes(model) > 0
    import tinytorch.optimization.compression as compression
    assert not hasattr(compression, "model_nbytes"), "a second byte count came back"


# ---- bullet 2: stacking --------------------------------------------------------------------------------------------
def test_pruned_then_int8_is_smaller_than_int8_with_identical_outputs(digits):
    (X_train, _, X_test, _), mlp = digits
    pruned, _ = global_magnitude_prune(mlp, 0.7, inplace=False)
    batches = [X_train[:256]]
    dense_int8 = quantize_model(pruned, batches, sparse=False)
    stacked = quantize_model(pruned, batches)                          # sparse="auto"
    assert any(isinstance(m, SparseQuantizedLinear) for m in stacked.modules())
    assert model_size_bytes(stacked) < model_size_bytes(quantize_model(mlp, batches)) == model_size_bytes(dense_int8)
    with no_grad():
        assert np.array_equal(stacked(Tensor(X_test)).data, dense_int8(Tensor(X_test)).data)
    assert measure_sparsity(stacked) == pytest.approx(0.7, abs=1e-3)


def test_pruning_an_int8_model_raises_naming_the_layer(digits):
    (X_train, *_), mlp = digits
    int8 = quantize_model(mlp, [X_train[:64]])
    with pytest.raises(TypeError, match=r"'0'.*QuantizedLinear"):
        global_magnitude_prune(int8, 0.5)


# ---- bullet 3: backends reach every matmul -------------------------------------------------------------------------
def test_one_backend_sees_float_attention_and_int8_matmuls(gpt):
    model, tokenizer = gpt
    prompt = tokenizer.encode("The quick brown fox ")
    int8 = quantize_model(model, observer=None)
    float_spy, int8_spy = CountingBackend(), CountingBackend()
    with use_backend(float_spy.backend()):
        tokens = generate(model, prompt, 3)
    with use_backend(int8_spy.backend()):
        int8_tokens = generate(int8, prompt, 3)
    blocks, calls = len(model.blocks), 3                   # prefill + 2 cached steps
    linears = 6 * blocks + 1                               # q, k, v, out, fc1, fc2 per block + LM head
    assert float_spy.kinds == Counter(float=calls * linears, attention=calls * 2 * blocks)
    assert int8_spy.kinds == Counter(int8=calls * linears, attention=calls * 2 * blocks)
    assert np.array_equal(tokens, generate(model, prompt, 3)) and len(int8_tokens) == len(tokens)


# ---- bullet 4: TinyGPT takes every technique, together -------------------------------------------------------------
def test_tinygpt_int8_sparse_pruned_with_kv_cache_passes_the_gate(gpt):
    model, tokenizer = gpt
    task = tinygpt_task(tokenizer)
    pruned, _ = global_magnitude_prune(model, 0.1, inplace=False)
    stacked = quantize_model(pruned, observer=None)
    assert sum(isinstance(m, SparseQuantizedLinear) for m in stacked.modules()) > 0
    assert all(isinstance(m, QuantizedLinear) for name, m in stacked.named_modules() if name.endswith("proj"))
    assert model_size_bytes(stacked) < model_size_bytes(quantize_model(model, observer=None)) < model_size_bytes(model)
    cached, uncached = Generator(stacked, 6, use_cache=True), Generator(stacked, 6)
    prompts = task.inputs[:3]
    assert np.array_equal(cached(prompts), uncached(prompts))           # the cache changes speed, not tokens
    baseline, quality = task.quality(Generator(model, 6)), task.quality(cached)
    assert accuracy_gate(quality, baseline), f"stacked quality {quality:.4f} vs float {baseline:.4f}"


# ---- bullet 6: the seed's profiler, verbatim -----------------------------------------------------------------------
def test_seed_profiler_snippet_verbatim_on_tinygpt(gpt, tmp_path, capsys):
    model, tokenizer = gpt
    my_transformer, inputs = model, np.array([tokenizer.encode("To be, or not to be")])
    baseline = model
    quantized = quantize_model(model, observer=None)
    pruned, _ = global_magnitude_prune(model, 0.2, inplace=False)
    generator = Generator(model, 2, use_cache=True)

    def cached():
        return generator(inputs)

    profiler = PerformanceProfiler()
    with profiler.profile("my_transformer"):
        output = my_transformer(inputs)
    profiler.report()
    rows = profiler.compare_optimizations(baseline, quantized, pruned, cached)
    profiler.export_chrome_trace(tmp_path / "trace.json")

    printed = capsys.readouterr().out
    assert output.shape == (1, inputs.shape[1], tokenizer.vocab_size)
    for category in ("Attention", "Feed Forward", "Embedding", "Other"):
        assert printed.count(f"\n{category} ") == 1, f"{category} row missing or shown twice"
    assert [r["name"] for r in rows][0] == "baseline" and len(rows) == 4
    assert all(r["median_ms"] > 0 for r in rows)
    trace = json.loads((tmp_path / "trace.json").read_text())
    events = trace["traceEvents"]
    assert events and all(e["ph"] == "X" and e["dur"] >= 0 for e in events)
    assert {e["args"]["type"] for e in events} >= {"TinyGPT", "MultiHeadAttention", "Linear", "Embedding"}


# ---- bullet 7: the learner tour runs and prints what it measured ---------------------------------------------------
def load_tour():
    spec = importlib.util.spec_from_file_location("learner_tour", ROOT / "examples" / "learner_tour.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_learner_tour_prints_every_figure_from_its_run(tmp_path, capsys):
    measured = load_tour().tour(new_tokens=2, sparsity=0.2, rounds=2, n_prompts=2, trace=tmp_path / "t.json")
    printed = capsys.readouterr().out
    stages = {s["name"]: s for s in measured["stages"]}
    fp32, int8, stacked = (stages["float32, no cache"], stages["int8 + KV cache"],
                           stages["pruned 20% + int8 + KV cache"])
    assert stacked["bytes"] < int8["bytes"] < fp32["bytes"]
    assert stacked["sparse_layers"] > 0 and stacked["sparsity"] == pytest.approx(0.2, abs=0.01)
    for s in measured["stages"]:                      # the printed figures are the measured ones
        assert f"{s['bytes']:,} B" in printed and f"{s['quality']:.2%}" in printed
    for row in measured["comparison"]:
        assert row["name"] in printed and f"{row['median_ms']:.3f}" in printed
    assert measured["kinds"]["pruned 20% + int8 + KV cache"]["int8"] > 0
    assert measured["kinds"]["float32 + KV cache"]["int8"] == 0
    assert all(sum(c.values()) == pytest.approx(100.0) for c in measured["categories"].values())
    assert json.loads((tmp_path / "t.json").read_text())["traceEvents"]


@pytest.mark.slow
def test_readme_learner_tour_snippet_runs_as_written(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text()
    after = readme.split("The heart of it:", 1)[1]
    snippet = after.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)                                   # it writes tour.json into the working directory
    namespace = {}
    exec(compile(snippet, "README.md (learner tour)", "exec"), namespace)
    assert json.loads((tmp_path / "tour.json").read_text())["traceEvents"]
    model, int8, stacked = namespace["model"], namespace["int8"], namespace["stacked"]
    assert model_size_bytes(stacked) < model_size_bytes(int8) < model_size_bytes(model)
