"""Issue 19 part 1: data-only model artifacts (tinytorch.capstone.artifact).

Round trip: every layer kind of the vocabulary comes back computing the same bits (outputs, generated tokens), with the
same bytes and layer types, without touching the global generator. Rejection: one test per bad input class, each
checking the message says what was expected and what was found. Safety: a crafted manifest cannot make the loader
import, unpickle, eval or call anything by name.
"""
import builtins
import copy
import importlib
import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from tinytorch.capstone.artifact import (DEFAULT_MAX_BYTES, LAYER_KINDS, ArtifactError, describe_artifact,
                                         load_artifact, save_artifact)
from tinytorch.core.data import load_digits
from tinytorch.core.nn import (GELU, Conv2d, Dropout, Flatten, LayerNorm, Linear, MaxPool2d, ReLU, Reshape, Sequential,
                               get_rng, manual_seed)
from tinytorch.core.transformer import TinyGPT, load_digits_cnn, load_digits_mlp
from tinytorch.generation.kv_cache import generate
from tinytorch.optimization.compression import (StructuredPruner, global_magnitude_prune, prune_conv_channels,
                                                structured_prune, to_csr_model)
from tinytorch.optimization.quantization import model_size_bytes, quantize_model


@pytest.fixture(scope="module")
def digits():
    X_train, _, X_test, _ = load_digits()
    return X_train[:256], X_test


def _pruned(model, sparsity):
    model = copy.deepcopy(model)
    global_magnitude_prune(model, sparsity)
    return model


def _small_gpt():
    manual_seed(3)
    return TinyGPT(vocab_size=23, d_model=16, n_heads=4, n_layers=2, max_len=24).eval()


DIGITS_MODELS = {
    "mlp fp32": lambda c: load_digits_mlp(),
    "mlp pruned 70%": lambda c: _pruned(load_digits_mlp(), 0.7),
    "mlp structured": lambda c: structured_prune(load_digits_mlp(), 0, 0.5),
    "mlp csr": lambda c: to_csr_model(_pruned(load_digits_mlp(), 0.7)),
    "int8 static per-channel": lambda c: quantize_model(load_digits_mlp(), [c], sparse=False),
    "int8 static per-tensor": lambda c: quantize_model(load_digits_mlp(), [c], per_channel=False, sparse=False),
    "int8 dynamic": lambda c: quantize_model(load_digits_mlp(), None, observer=None, sparse=False),
    "sparse int8": lambda c: quantize_model(_pruned(load_digits_mlp(), 0.7), [c], sparse=True),
    "csr then int8": lambda c: quantize_model(to_csr_model(_pruned(load_digits_mlp(), 0.5)), [c]),
    "gelu dropout layernorm": lambda c: (manual_seed(1), Sequential(Linear(64, 32), LayerNorm(32), GELU(),
                                                                   Dropout(0.25), Linear(32, 10, bias=False)))[1],
    "cnn fp32": lambda c: load_digits_cnn(),
    "cnn int8 static": lambda c: quantize_model(load_digits_cnn(), [c]),
    "cnn int8 dynamic per-tensor": lambda c: quantize_model(load_digits_cnn(), None, observer=None,
                                                            per_channel=False),
    "cnn channel-pruned": lambda c: prune_conv_channels(load_digits_cnn(), 1, 0.5),
    "cnn channel-pruned int8": lambda c: quantize_model(prune_conv_channels(load_digits_cnn(), 4, 0.5), [c]),
    "cnn stride 2 no bias": lambda c: (manual_seed(2), Sequential(Reshape(1, 8, 8), Conv2d(1, 4, 3, stride=2,
                                       padding=1, bias=False), ReLU(), MaxPool2d(2, 1), Flatten(), Linear(36, 10)))[1],
}

GPT_MODELS = {
    "tinygpt fp32": lambda: _small_gpt(),
    "tinygpt int8 dynamic": lambda: quantize_model(_small_gpt(), None, observer=None),
    "tinygpt int8 static": lambda: quantize_model(_small_gpt(), [np.arange(12)[None] % 23]),
    "tinygpt heads+neurons pruned": lambda: StructuredPruner(0.5).prune(_small_gpt()),
    "tinygpt pruned then int8": lambda: quantize_model(StructuredPruner(0.5).prune(_small_gpt()), None, observer=None),
    "tinygpt csr": lambda: to_csr_model(_pruned(_small_gpt(), 0.6)),
    "tinygpt sparse int8": lambda: quantize_model(_pruned(_small_gpt(), 0.6), None, observer=None, sparse=True),
}


def _same_structure(a, b):
    assert [(n, type(m)) for n, m in a.named_modules()] == [(n, type(m)) for n, m in b.named_modules()]
    assert model_size_bytes(a) == model_size_bytes(b)


@pytest.mark.parametrize("name", sorted(DIGITS_MODELS))
def test_digits_round_trip_is_bit_identical(name, digits, tmp_path):
    calib, X_test = digits
    model = DIGITS_MODELS[name](calib).eval()
    path = save_artifact(model, tmp_path / "m.tta", "digits", meta={"name": name})
    state = get_rng().bit_generator.state
    art = load_artifact(path)
    assert get_rng().bit_generator.state == state, "loading drew random numbers (a constructor initialised weights)"
    assert (art.task, art.use_cache, art.meta) == ("digits", None, {"name": name})
    _same_structure(model, art.model)
    want, got = model(X_test).data, art.model(X_test).data
    assert got.dtype == want.dtype and np.array_equal(got, want), f"{name}: outputs differ after the round trip"
    # the file is the arrays plus headers: at most ~300 bytes per array and the manifest
    n_arrays = len(art.manifest["arrays"])
    overhead = path.stat().st_size - model_size_bytes(model)
    assert 0 < overhead <= 300 * n_arrays + len(json.dumps(art.manifest)) + 200, (name, overhead, n_arrays)


@pytest.mark.parametrize("name", sorted(GPT_MODELS))
@pytest.mark.parametrize("use_cache", [False, True])
def test_tinygpt_round_trip_is_bit_identical(name, use_cache, tmp_path):
    model = GPT_MODELS[name]()
    path = save_artifact(model, tmp_path / "g.tta", "tinygpt", use_cache=use_cache)
    art = load_artifact(path)
    assert (art.task, art.use_cache) == ("tinygpt", use_cache)
    _same_structure(model, art.model)
    tokens = (np.arange(2 * 10).reshape(2, 10) * 7) % 23
    assert np.array_equal(model(tokens).data, art.model(tokens).data), f"{name}: logits differ"
    prompt = tokens[:, :4]
    assert np.array_equal(generate(model, prompt, 6, use_cache=use_cache),
                          generate(art.model, prompt, 6, use_cache=use_cache)), f"{name}: generated tokens differ"


def test_every_vocabulary_kind_is_exercised(digits, tmp_path):
    "The round-trip cases above together use every kind of the vocabulary."
    calib, _ = digits
    seen = set()
    for i, build in enumerate(list(DIGITS_MODELS.values()) + list(GPT_MODELS.values())):
        model = build(calib) if build.__code__.co_argcount else build()
        task = "tinygpt" if isinstance(model, TinyGPT) else "digits"
        art = load_artifact(save_artifact(model, tmp_path / f"{i}.tta", task))
        stack = [art.manifest["model"]]
        while stack:
            spec = stack.pop()
            seen.add(spec["kind"])
            stack += spec.get("layers", []) + list(spec.get("children", {}).values()) + spec.get("blocks", [])
    assert seen == set(LAYER_KINDS), f"kinds without a round-trip case: {set(LAYER_KINDS) - seen}"


def test_the_shipped_tinygpt_int8_round_trip(tmp_path):
    from tinytorch.core.transformer import load_tinygpt
    gpt, tok = load_tinygpt()
    q = quantize_model(gpt, None, observer=None)
    path = save_artifact(q, tmp_path / "gpt8.tta", "tinygpt", use_cache=True)
    art = load_artifact(path)
    prompt = tok.encode("The quick brown fox")
    assert np.array_equal(generate(q, prompt, 8), generate(art.model, prompt, 8))
    overhead = path.stat().st_size - model_size_bytes(q)
    assert overhead < 0.05 * model_size_bytes(q), overhead


def test_same_model_same_bytes_and_describe(tmp_path):
    model = load_digits_mlp()
    a = save_artifact(model, tmp_path / "a.tta", "digits", meta={"name": "x"})
    b = save_artifact(model, tmp_path / "b.tta", "digits", meta={"name": "x"})
    assert a.read_bytes() == b.read_bytes()
    info = describe_artifact(a)
    json.dumps(info)
    assert info["task"] == "digits" and info["model_bytes"] == model_size_bytes(model)
    assert info["file_bytes"] == a.stat().st_size and info["overhead_bytes"] == info["file_bytes"] - info["model_bytes"]
    assert info["kinds"] == {"Linear": 3, "ReLU": 2}
    assert [row["path"] for row in info["layers"]] == ["0", "1", "2", "3", "4"]


# ---- save-time errors --------------------------------------------------------------------------------------------
class MyLinear(Linear):
    def forward(self, x):
        return super().forward(x) * 2


def test_save_refuses_a_layer_outside_the_vocabulary_naming_path_and_type(tmp_path):
    manual_seed(0)
    model = Sequential(Linear(64, 32), ReLU(), Sequential(MyLinear(32, 10)))
    with pytest.raises(ArtifactError, match=r"layer '2\.0' is a .*MyLinear.*not in the artifact vocabulary"):
        save_artifact(model, tmp_path / "x.tta", "digits")
    assert list(tmp_path.iterdir()) == [], "a refused save left a file behind"


def test_save_refuses_hooks_wrong_task_and_bad_meta(tmp_path):
    model = load_digits_mlp()
    handle = model[0].register_forward_hook(lambda m, i, o: o)
    with pytest.raises(ArtifactError, match="forward hooks"):
        save_artifact(model, tmp_path / "x.tta", "digits")
    handle.remove()
    with pytest.raises(ArtifactError, match="task must be one of digits, tinygpt, got 'imagenet'"):
        save_artifact(model, tmp_path / "x.tta", "imagenet")
    with pytest.raises(ArtifactError, match="expected a TinyGPT model for the tinygpt task"):
        save_artifact(model, tmp_path / "x.tta", "tinygpt")
    with pytest.raises(ArtifactError, match="use_cache is a setting of tinygpt"):
        save_artifact(model, tmp_path / "x.tta", "digits", use_cache=True)
    with pytest.raises(ArtifactError, match="JSON-serialisable"):
        save_artifact(model, tmp_path / "x.tta", "digits", meta={"when": object()})


def test_save_refuses_shapes_that_do_not_chain(tmp_path):
    manual_seed(0)
    with pytest.raises(ArtifactError, match=r"shapes do not chain: layer '2' \(Linear\) expects 64 features.*\(128,\)"):
        save_artifact(Sequential(Linear(64, 128), ReLU(), Linear(64, 10)), tmp_path / "x.tta", "digits")
    with pytest.raises(ArtifactError, match=r"layer '2' \(Conv2d\) expects \(4, H, W\) images.*\(8, 8, 8\)"):
        save_artifact(Sequential(Reshape(1, 8, 8), Conv2d(1, 8, 3, padding=1), Conv2d(4, 4, 3), Flatten(),
                                 Linear(144, 10)), tmp_path / "x.tta", "digits")
    with pytest.raises(ArtifactError, match=r"must output 10 logits per image, this one outputs shape \(12,\)"):
        save_artifact(Sequential(Linear(64, 12)), tmp_path / "x.tta", "digits")
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_nan_weights(tmp_path):
    model = load_digits_mlp()
    model[2].weight.data[3, 4] = np.nan
    with pytest.raises(ArtifactError, match=r"expected finite values in '2'.weight, found 1 NaN/inf values"):
        save_artifact(model, tmp_path / "x.tta", "digits")


# ---- crafted files: one rejection test per bad input class --------------------------------------------------------
@pytest.fixture
def good(tmp_path):
    "A valid artifact (digits int8 MLP) and helpers to rewrite it."
    X_train = load_digits()[0]
    path = save_artifact(quantize_model(load_digits_mlp(), [X_train[:64]]), tmp_path / "good.tta", "digits")
    return path


def _members(path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _write(path, members: dict, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _rewrite(src, dst, manifest_fn=None, members_fn=None):
    members = _members(src)
    manifest = json.loads(members["manifest.json"])
    if manifest_fn:
        manifest_fn(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    if members_fn:
        members_fn(members)
    return _write(dst, members)


def _npy(array, allow_pickle=False) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=allow_pickle)
    return buf.getvalue()


def test_rejects_not_a_zip(tmp_path):
    bad = tmp_path / "x.tta"
    bad.write_bytes(pickle.dumps({"weights": [1, 2, 3]}))
    with pytest.raises(ArtifactError, match="expected a zip file .* found something else"):
        load_artifact(bad)
    with pytest.raises(ArtifactError, match="no artifact file"):
        load_artifact(tmp_path / "missing.tta")


class _Trap:
    "Unpickling this creates the file `marker`: proof that the loader ran submitted code."
    marker = None

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_rejects_a_pickled_object_array_without_unpickling_it(good, tmp_path):
    marker = tmp_path / "pwned"
    _Trap.marker = marker
    payload = np.empty(1, dtype=object)
    payload[0] = _Trap()
    key = "0.weight_scale"
    bad = _rewrite(good, tmp_path / "x.tta", members_fn=lambda m: m.__setitem__(key + ".npy", _npy(payload, True)))
    with pytest.raises(ArtifactError, match=r"expected array '0.weight_scale' of a plain dtype .* object arrays would "
                                            r"need pickle, found dtype object"):
        load_artifact(bad)
    assert not marker.exists(), "the loader unpickled the payload"


def test_rejects_unknown_layer_kind(good, tmp_path):
    def swap(m):
        m["model"]["layers"][1]["kind"] = "Softplus"
    with pytest.raises(ArtifactError,
                       match=r"unknown layer kind 'Softplus' at '1'; expected one of Sequential, Linear"):
        load_artifact(_rewrite(good, tmp_path / "x.tta", swap))


def test_rejects_shapes_that_do_not_chain_in_a_crafted_file(tmp_path):
    manual_seed(0)
    path = save_artifact(Sequential(Linear(64, 128), ReLU(), Linear(128, 10)), tmp_path / "ok.tta", "digits")

    def widen(m):       # the second Linear claims 64 inputs and its weight really is (64, 10)
        layer = m["model"]["layers"][2]
        layer["in_features"] = 64
        m["arrays"][layer["arrays"]["weight"]]["shape"] = [64, 10]

    def members(ms):
        ms["2.weight.npy"] = _npy(np.zeros((64, 10), np.float32))
    with pytest.raises(ArtifactError, match=r"shapes do not chain: layer '2' \(Linear\) expects 64 features"):
        load_artifact(_rewrite(path, tmp_path / "x.tta", widen, members))


def test_rejects_inconsistent_tinygpt_dims(tmp_path):
    path = save_artifact(_small_gpt(), tmp_path / "g.tta", "tinygpt")

    def vocab(m):
        m["model"]["config"]["vocab_size"] = 24
    with pytest.raises(ArtifactError, match=r"TinyGPT dims inconsistent: tok_emb must be \(24, 16\).*found \(23, 16\)"):
        load_artifact(_rewrite(path, tmp_path / "x.tta", vocab))

    def heads(m):
        m["model"]["blocks"][1]["children"]["attn"]["d_model"] = 12
    with pytest.raises(ArtifactError, match=r"'blocks.1.attn.q_proj' must map 12 -> 12 features, the artifact's layer "
                                            r"maps 16 -> 16"):
        load_artifact(_rewrite(path, tmp_path / "y.tta", heads))


def test_rejects_nan_and_inf_weights(good, tmp_path):
    def poison(ms):
        ms["0.weight_scale.npy"] = _npy(np.full(128, np.inf, np.float32))
    with pytest.raises(ArtifactError, match=r"expected finite values in '0'.weight_scale, found 128 NaN/inf"):
        load_artifact(_rewrite(good, tmp_path / "x.tta", members_fn=poison))


def test_rejects_a_manifest_that_lies_about_dtypes_or_shapes(good, tmp_path):
    def dtype(m):
        m["arrays"]["0.weight_q"]["dtype"] = "float32"
    with pytest.raises(ArtifactError, match=r"the manifest lies about array '0.weight_q': it declares float32 "
                                            r"\[64, 128\], the file holds int8 \[64, 128\]"):
        load_artifact(_rewrite(good, tmp_path / "x.tta", dtype))

    def shape(m):
        m["arrays"]["0.weight_q"]["shape"] = [128, 64]
    with pytest.raises(ArtifactError, match="the manifest lies about array '0.weight_q'"):
        load_artifact(_rewrite(good, tmp_path / "y.tta", shape))

    # a consistent file whose dynamic-mode column sums do not belong to its codes
    dyn = save_artifact(quantize_model(load_digits_mlp(), None, observer=None, sparse=False), tmp_path / "d.tta",
                        "digits")
    members = _members(dyn)
    members["0.weight_colsum.npy"] = _npy(np.zeros(128, np.int32))
    with pytest.raises(ArtifactError, match="weight_colsum does not match the sums of its weight codes"):
        load_artifact(_write(tmp_path / "z.tta", members))


def test_rejects_over_the_size_limit(good, tmp_path):
    size = good.stat().st_size
    with pytest.raises(ArtifactError, match=f"expected an artifact of at most 1,000 bytes, found a file of {size:,}"):
        load_artifact(good, max_bytes=1000)
    assert load_artifact(good, max_bytes=size).task == "digits"


def test_rejects_a_zip_bomb_by_its_declared_size_before_inflating(good, tmp_path):
    members = _members(good)
    members["0.weight_q.npy"] = b"\0" * (DEFAULT_MAX_BYTES + 1)       # deflates to ~33 KB
    bomb = _write(tmp_path / "bomb.tta", members, zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ArtifactError, match=r"once decompressed \(the size limit\), found members declaring"):
        load_artifact(bomb)


def test_rejects_missing_and_extra_arrays(good, tmp_path):
    with pytest.raises(ArtifactError, match=r"exactly the arrays the manifest declares, found missing \['2.bias_q'\]"):
        load_artifact(_rewrite(good, tmp_path / "x.tta", members_fn=lambda ms: ms.pop("2.bias_q.npy")))
    with pytest.raises(ArtifactError, match=r"missing \[\], extra \['payload'\]"):
        load_artifact(_rewrite(good, tmp_path / "y.tta",
                               members_fn=lambda ms: ms.__setitem__("payload.npy", _npy(np.zeros(3, np.int8)))))

    def declared_unused(m):
        m["arrays"]["spare"] = {"dtype": "int8", "shape": [3]}
    with pytest.raises(ArtifactError, match=r"every declared array used by a layer, found unused arrays \['spare'\]"):
        load_artifact(_rewrite(good, tmp_path / "z.tta", declared_unused,
                               lambda ms: ms.__setitem__("spare.npy", _npy(np.zeros(3, np.int8)))))


def test_rejects_bad_task(good, tmp_path):
    with pytest.raises(ArtifactError, match="manifest: task must be one of digits, tinygpt, got 'imagenet'"):
        load_artifact(_rewrite(good, tmp_path / "x.tta", lambda m: m.__setitem__("task", "imagenet")))
    with pytest.raises(ArtifactError, match="expected a TinyGPT model for the tinygpt task, found a Sequential"):
        load_artifact(_rewrite(good, tmp_path / "y.tta", lambda m: m.update(task="tinygpt", use_cache=False)))


def test_rejects_bad_json(good, tmp_path):
    members = _members(good)
    members["manifest.json"] = b'{"format": "tinytorch-artifact", "version": 1,'
    with pytest.raises(ArtifactError, match="expected manifest.json holding valid JSON, found invalid JSON"):
        load_artifact(_write(tmp_path / "x.tta", members))
    members["manifest.json"] = json.dumps(json.loads(_members(good)["manifest.json"])).replace(
        '"input_scale":', '"input_scale": NaN, "was":').encode()
    with pytest.raises(ArtifactError, match="NaN is not a JSON number"):
        load_artifact(_write(tmp_path / "y.tta", members))
    members["manifest.json"] = b"[1, 2]"
    with pytest.raises(ArtifactError, match="holding a JSON object, found list"):
        load_artifact(_write(tmp_path / "z.tta", members))


def test_a_crafted_manifest_cannot_import_unpickle_eval_or_call(good, tmp_path, monkeypatch):
    "Kinds naming importable callables are unknown kinds; loading calls no importer, unpickler or eval."
    calls = []

    def forbidden(name):
        def trap(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"the loader called {name}")
        return trap

    payloads = ["os.system", "__import__", "builtins.eval", "tinytorch.core.nn.Linear", "subprocess.Popen",
                "pickle.loads", "Linear.__class__", "__builtins__"]
    files = []
    for i, kind in enumerate(payloads):
        def craft(m, kind=kind):
            m["model"]["layers"][0] = {"kind": kind, "args": ["touch /tmp/x"], "arrays": {}}
        files.append(_rewrite(good, tmp_path / f"p{i}.tta", craft))
    real_import = builtins.__import__
    loaded_before = set(importlib.sys.modules)

    def guarded_import(name, *args, **kwargs):
        if name not in loaded_before and name.split(".")[0] not in ("encodings",):
            calls.append(f"import {name}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(pickle, "loads", forbidden("pickle.loads"))
    monkeypatch.setattr(pickle, "load", forbidden("pickle.load"))
    monkeypatch.setattr(builtins, "eval", forbidden("eval"))
    monkeypatch.setattr(builtins, "exec", forbidden("exec"))
    monkeypatch.setattr(importlib, "import_module", forbidden("importlib.import_module"))
    monkeypatch.setattr(builtins, "__import__", guarded_import)
    for path, kind in zip(files, payloads):
        with pytest.raises(ArtifactError, match=f"unknown layer kind {kind!r} at '0'"):
            load_artifact(path)
    assert load_artifact(good).task == "digits"      # a valid file loads under the same guards
    monkeypatch.undo()
    assert calls == [], f"loading called: {calls}"


# ---- tinytorch pack ------------------------------------------------------------------------------------------------
def _tinytorch(*args, cwd):
    import subprocess
    import sys
    from pathlib import Path
    exe = Path(sys.executable).parent / "tinytorch"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_pack_writes_a_valid_artifact_and_inspect_validates(tmp_path):
    res = _tinytorch("pack", "digits int8", "-o", "int8.tta", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    art = load_artifact(tmp_path / "int8.tta")
    assert art.meta["name"] == "int8" and art.meta["optimizations"] == ["int8"]
    X_train, _, X_test, _ = load_digits()
    want = quantize_model(load_digits_mlp(), [X_train[:256]])          # what the olympics' 'int8' contestant builds
    assert np.array_equal(art.model(X_test).data, want(X_test).data)
    res = _tinytorch("pack", "--inspect", "int8.tta", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    info = describe_artifact(tmp_path / "int8.tta")
    assert f"sha256 {info['sha256']}" in res.stdout and f"model {info['model_bytes']:,}" in res.stdout
    (tmp_path / "bad.tta").write_bytes(b"not a zip")
    res = _tinytorch("pack", "--inspect", "bad.tta", cwd=tmp_path)
    assert res.returncode == 1 and "rejected" in res.stderr and "expected a zip file" in res.stderr


def test_pack_refuses_unknown_and_backend_systems(tmp_path):
    res = _tinytorch("pack", "int8", cwd=tmp_path)
    assert res.returncode == 2 and "ambiguous: digits int8, tinygpt int8" in res.stderr
    res = _tinytorch("pack", "tinygpt kv-cache+backend blocked", cwd=tmp_path)
    assert res.returncode == 2 and "cannot carry" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_huge_declared_layer_sizes_are_refused_before_anything_is_allocated(good, tmp_path):
    "A manifest claiming a 2**24 x 2**24 int8 layer must fail on the array check, not on a 256 TB allocation."
    def huge(m):
        m["model"]["layers"][0]["in_features"] = 2 ** 24
        m["model"]["layers"][0]["out_features"] = 2 ** 24
    with pytest.raises(ArtifactError,
                       match=r"expected '0'.weight_q of shape \(16777216, 16777216\), found \(64, 128\)"):
        load_artifact(_rewrite(good, tmp_path / "x.tta", huge))
