"""The digits CNN in TinyMLPerf and the olympics (issue 18 bullet 5): it is a system of the digits task (fp32, on the
module-15 "blocked" backend, INT8 exactly when module 17's quantize_model converts Conv2d), measured with the same
rules and gate as the MLP, and ranked in the leaderboard categories (incl. "highest quality")."""
import numpy as np
import pytest

from tinytorch.capstone import tinymlperf as tm
from tinytorch.core import nn
from tinytorch.core.data import load_digits
from tinytorch.core.tensor import set_conv_kernel, set_matmul_kernel
from tinytorch.core.transformer import load_digits_cnn, load_digits_mlp
from tinytorch.optimization.acceleration import Backend, conv2d_im2col


@pytest.fixture(scope="module")
def data():
    return load_digits()


@pytest.fixture(scope="module")
def cnn():
    return load_digits_cnn()


def reference_cnn_accuracy(cnn, X, y) -> float:
    "Test accuracy of the CNN computed with plain NumPy loops-free ops, independent of Conv2d's forward."
    convs = [m for m in cnn.modules() if type(m) is nn.Conv2d]
    lin = next(m for m in cnn.modules() if type(m) is nn.Linear)
    x = X.reshape(-1, 1, 8, 8).astype(np.float64)
    for conv in convs:
        w, b = conv.weight.data.astype(np.float64), conv.bias.data.astype(np.float64)
        xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
        out = np.zeros((x.shape[0], w.shape[0], x.shape[2], x.shape[3]))
        for i in range(3):
            for j in range(3):
                out += np.einsum("nchw,fc->nfhw", xp[:, :, i:i + x.shape[2], j:j + x.shape[3]], w[:, :, i, j])
        out = np.maximum(out + b[None, :, None, None], 0)
        n, f, h, wd = out.shape
        x = out.reshape(n, f, h // 2, 2, wd // 2, 2).max(axis=(3, 5))
    logits = x.reshape(len(x), -1) @ lin.weight.data + lin.bias.data
    return float((logits.argmax(1) == y).mean())


def test_cnn_contestants_fp32_and_backend(data, cnn):
    notes = []
    entries = tm.cnn_contestants(cnn, data[0], notes)
    by_name = {c.name: c for c in entries}
    assert by_name["cnn fp32"].build() is cnn and by_name["cnn fp32"].backend is None
    assert by_name["cnn backend blocked"].build() is cnn and by_name["cnn backend blocked"].backend == "blocked"
    assert all(c.task == "digits" and "cnn" in c.optimizations for c in entries)
    qcnn, problem = tm.quantize_cnn(cnn, [data[0][:256]])
    assert ("cnn int8" in by_name) == (qcnn is not None) == (problem is None)
    assert len(notes) == (0 if qcnn is not None else 1)


def test_int8_entry_left_out_with_the_reason_when_quantize_model_raises(data, cnn, monkeypatch):
    def refuses(model, calib):
        raise ValueError("quantize_model: layer '1' (Conv2d) is not a kind quantize_model knows")
    monkeypatch.setattr(tm, "quantize_model", refuses)
    notes = []
    names = [c.name for c in tm.cnn_contestants(cnn, data[0], notes)]
    assert "cnn int8" not in names
    assert len(notes) == 1 and "'cnn int8' left out" in notes[0] and "layer '1' (Conv2d)" in notes[0]


def test_int8_entry_left_out_when_quantize_model_leaves_float_layers(data, cnn, monkeypatch):
    import copy
    monkeypatch.setattr(tm, "quantize_model", lambda model, calib: copy.deepcopy(model))   # "quantizes" nothing
    qcnn, problem = tm.quantize_cnn(cnn, [data[0][:8]])
    assert qcnn is None and "(Conv2d)" in problem and "(Linear)" in problem and "float32" in problem


def test_int8_entry_present_when_quantize_model_converts(data, cnn, monkeypatch):
    class FakeQuantized(nn.Module):                     # stands in for module 17's int8 CNN (no float Conv2d/Linear)
        def forward(self, x):
            return cnn(x)
    monkeypatch.setattr(tm, "quantize_model", lambda model, calib: FakeQuantized())
    notes = []
    entries = {c.name: c for c in tm.cnn_contestants(cnn, data[0], notes)}
    assert notes == [] and isinstance(entries["cnn int8"].build(), FakeQuantized)
    assert entries["cnn int8"].optimizations == ("cnn", "int8")


def test_cnn_measured_like_any_digits_system(data, cnn):
    X_train, _, X_test, y_test = data
    task = tm.digits_task(X_test, y_test)
    cfg = tm.OlympicsConfig(warmup=1)
    baseline = task.quality(load_digits_mlp())
    result = tm.measure_contestant(tm.cnn_contestants(cnn, X_train)[0], task, baseline, {}, cfg, n_queries=20)
    assert result["quality"] == pytest.approx(reference_cnn_accuracy(cnn, X_test, y_test))
    assert result["quality"] >= 0.97 > baseline and result["gate_passed"]
    assert result["model_bytes"] == sum(p.data.nbytes for p in cnn.parameters())
    assert set(result) == set(tm.RESULT_FIELDS)


def test_cnn_backend_contestant_runs_its_convolutions_on_the_backend(data, cnn):
    calls = []

    def counting(x, w, stride, padding):
        calls.append(w.shape)
        return conv2d_im2col(x, w, stride, padding)
    X_train, _, X_test, y_test = data
    task = tm.digits_task(X_test[:50], y_test[:50])
    spy = tm.Contestant("digits", "cnn spy", ("cnn", "backend"), lambda: cnn,
                        backend=Backend("spy", np.matmul, kernel=np.matmul, conv=counting))
    try:
        tm.measure_contestant(spy, task, 0.9, {}, tm.OlympicsConfig(warmup=1), n_queries=10)
    finally:
        set_matmul_kernel(None)
        set_conv_kernel(None)
    # SingleStream (1 warm-up + 10 queries) + Offline (1 warm-up batch + 1 batch) + 1 peak-memory query = 14 forwards
    assert len(calls) == 2 * 14 and calls[:2] == [(8, 1, 3, 3), (16, 8, 3, 3)]


def test_highest_quality_category_ranks_the_cnn_first(tmp_path):
    base = {"optimizations": [], "baseline_quality": 0.9694, "p50_ms": 0.04, "p90_ms": 0.05, "p99_ms": 0.09,
            "samples_per_s": 6e5, "peak_bytes": 3704, "n_queries": 60, "task": "digits"}
    results = [dict(base, name="fp32", quality=0.9694, gate_passed=True, model_bytes=68904),
               dict(base, name="cnn fp32", quality=0.9833, gate_passed=True, model_bytes=7592, p50_ms=0.28,
                    p90_ms=0.33, p99_ms=0.48, optimizations=["cnn"]),
               dict(base, name="wrong", quality=0.5, gate_passed=False, model_bytes=100)]
    with tm.Leaderboard(tmp_path / "lb.sqlite") as board:
        board.submit(tm.make_submission(results, "ada"))
        ranked = board.categories()["digits"]["best_quality"]
    assert [r["name"] for r in ranked] == ["cnn fp32", "fp32"]          # the gate failure is not ranked
    assert tm.CATEGORIES["best_quality"] == ("highest quality (accuracy)", "quality", "max")
