"""The checkpoints shipped in tinytorch/data/: they load, they are small float32 files with provenance, and the
models are as good as claimed when measured NOW (not as recorded at training time)."""
import math

import numpy as np
import pytest

from tinytorch.core.data import DATA_DIR, load_digits, load_text_corpus, train_val_split_text, unigram_entropy
from tinytorch.core.nn import Conv2d, Linear, ReLU, Sequential, accuracy
from tinytorch.core.transformer import (DIGITS_CNN_CHECKPOINT, DIGITS_MLP_CHECKPOINT, TINYGPT_CHECKPOINT, TinyGPT,
                                        checkpoint_meta, load_checkpoint, load_digits_cnn, load_digits_mlp,
                                        load_tinygpt, lm_loss, make_digits_cnn, save_checkpoint, tinygpt_val_ids)
from tinytorch.core.data import eval_windows
from tinytorch.core.tensor import no_grad

MIB = 2 ** 20


@pytest.fixture(scope="module")
def gpt():
    return load_tinygpt()


def test_files_are_small_float32_with_provenance():
    sizes = {}
    for name in (DIGITS_MLP_CHECKPOINT, DIGITS_CNN_CHECKPOINT, TINYGPT_CHECKPOINT):
        path = DATA_DIR / name
        sizes[name] = path.stat().st_size
        ckpt = load_checkpoint(path)
        assert ckpt["state"] and all(v.dtype == np.float32 for v in ckpt["state"].values())
        meta = ckpt["meta"]
        assert meta["script"] == "tools/pretrain.py" and "seed" in meta and "args" in meta
        assert meta["args"]["seed"] == meta["seed"]
        assert "metrics" in meta
    assert sizes[TINYGPT_CHECKPOINT] < 4 * MIB
    assert sum(sizes.values()) < 5 * MIB


def test_digits_mlp_loads_and_reaches_95_percent_now():
    model = load_digits_mlp()
    assert isinstance(model, Sequential) and not model.training
    assert all(isinstance(m, (Linear, ReLU)) for m in model)
    X_train, y_train, X_test, y_test = load_digits()
    acc = accuracy(model, X_test, y_test)
    assert acc >= 0.95, f"shipped digits MLP: test accuracy {acc:.4f} < 0.95"
    recorded = checkpoint_meta(DATA_DIR / DIGITS_MLP_CHECKPOINT)["metrics"]["test_accuracy"]
    assert acc == pytest.approx(recorded, abs=1e-9), "the recorded test accuracy does not match the weights"


def test_digits_cnn_loads_and_beats_the_mlp_now():
    model = load_digits_cnn()
    assert not model.training and sum(isinstance(m, Conv2d) for m in model) == 2
    X_train, y_train, X_test, y_test = load_digits()
    acc = accuracy(model, X_test, y_test)
    assert acc >= 0.97 and acc > accuracy(load_digits_mlp(), X_test, y_test), f"shipped digits CNN: {acc:.4f}"
    recorded = checkpoint_meta(DATA_DIR / DIGITS_CNN_CHECKPOINT)["metrics"]["test_accuracy"]
    assert acc == pytest.approx(recorded, abs=1e-9), "the recorded test accuracy does not match the weights"


def test_cnn_checkpoint_round_trip_and_other_layouts_refused(tmp_path):
    model = make_digits_cnn((4, 6))
    path = save_checkpoint(model, tmp_path / "cnn.npz")
    again = load_digits_cnn(path)
    x = load_digits()[2][:5]
    np.testing.assert_array_equal(again(x).data, model(x).data)
    other = Sequential(*list(make_digits_cnn((4, 6)))[:-1], Linear(24, 10), ReLU())
    with pytest.raises(TypeError, match="make_digits_cnn"):
        save_checkpoint(other, tmp_path / "other.npz")
    with pytest.raises(ValueError, match="not a CNN"):
        load_digits_cnn(DATA_DIR / DIGITS_MLP_CHECKPOINT)


def test_tinygpt_loads_with_its_tokenizer(gpt):
    model, tok = gpt
    assert isinstance(model, TinyGPT) and not model.training
    assert model.config["max_len"] >= 1024 and model.config["vocab_size"] == tok.vocab_size
    assert tok.chars == "".join(sorted(set(load_text_corpus())))
    assert model.num_parameters() * 4 < 4 * MIB


def test_tinygpt_validation_loss_is_below_the_unigram_entropy_now(gpt):
    model, tok = gpt
    text = load_text_corpus()
    val_ids = tinygpt_val_ids(tok)
    assert tok.decode(val_ids) == train_val_split_text(text)[1]
    loss = lm_loss(model, val_ids)                            # every non-overlapping 128-char window
    H, log_v = unigram_entropy(text), math.log(tok.vocab_size)
    assert loss < H, f"validation loss {loss:.3f} is not below the unigram entropy {H:.3f}"
    assert loss < 0.5 * log_v, f"validation loss {loss:.3f} is not far below log V = {log_v:.3f}"
    recorded = checkpoint_meta(DATA_DIR / TINYGPT_CHECKPOINT)["metrics"]["val_loss"]
    assert loss == pytest.approx(recorded, rel=1e-4)


def test_tinygpt_positions_beyond_the_training_block_are_trained(gpt):
    # Module 16 generates 512+ tokens: positions up to 1024 must work, not just the 128 of the usual training window.
    model, tok = gpt
    x, y = eval_windows(tinygpt_val_ids(tok), 1024)
    with no_grad():
        logits = model(x[:2]).data.astype(np.float64)
    logits -= logits.max(-1, keepdims=True)
    nll = -np.take_along_axis(logits - np.log(np.exp(logits).sum(-1, keepdims=True)), y[:2, :, None], -1)[..., 0]
    late = nll[:, 512:].mean()
    assert late < unigram_entropy(load_text_corpus()) - 1.0, f"loss at positions 512..1023 is {late:.3f}"


def test_tinygpt_samples_look_like_the_corpus(gpt):
    model, tok = gpt
    out = tok.decode(model.generate(tok.encode("The quick brown fox"), 300, temperature=0.8, seed=0))
    words = out.replace(".", " ").replace(",", " ").replace("?", " ").replace("!", " ").split()
    vocabulary = set(load_text_corpus().replace(".", " ").replace(",", " ").replace("?", " ").replace("!", " ").split())
    known = np.mean([w in vocabulary for w in words])
    assert known > 0.8, f"only {known:.0%} of the sampled words are corpus words:\n{out}"


@pytest.mark.slow
def test_demo_runs_and_reports(capsys):
    from tinytorch.core.transformer import demo
    assert demo(epochs=2, sample_chars=60) == 0
    out = capsys.readouterr().out
    for needle in ("fresh MLP test accuracy", "shipped digits MLP test accuracy", "validation loss", "log V",
                   "TinyGPT sample"):
        assert needle in out, needle


def test_draft_tinygpt_is_small_shares_the_tokenizer_and_agrees_with_the_target_now(gpt):
    """Module 16's speculative-decoding draft (tools/pretrain.py gpt-draft): a 1-layer TinyGPT with the target's
    characters, its recorded validation loss re-measured, and its greedy agreement with the target measured now
    (the fraction of the target's greedy tokens the draft's argmax predicts: the acceptance rate of a proposal)."""
    from tinytorch.generation.kv_cache import TINYGPT_DRAFT_CHECKPOINT, generate, load_tinygpt_draft
    model, tok = gpt
    draft, draft_tok = load_tinygpt_draft()
    assert isinstance(draft, TinyGPT) and not draft.training and draft_tok.chars == tok.chars
    assert draft.config["n_layers"] == 1 and draft.config["vocab_size"] == model.config["vocab_size"]
    assert draft.config["max_len"] >= 512
    path = DATA_DIR / TINYGPT_DRAFT_CHECKPOINT
    ckpt = load_checkpoint(path)
    assert all(v.dtype == np.float32 for v in ckpt["state"].values()) and path.stat().st_size < MIB
    meta = ckpt["meta"]
    assert meta["script"] == "tools/pretrain.py" and meta["args"]["model"] == "gpt-draft" and meta["teacher"]
    val_ids = tinygpt_val_ids(tok)
    loss = lm_loss(draft, val_ids)
    assert loss == pytest.approx(meta["metrics"]["val_loss"], rel=1e-4)
    target_loss = checkpoint_meta(DATA_DIR / TINYGPT_CHECKPOINT)["metrics"]["val_loss"]   # re-measured above
    assert loss < target_loss + 0.2, f"draft validation loss {loss:.3f}: far from the target's {target_loss:.3f}"
    hits = total = 0
    with no_grad():
        for start in (1_000, 12_000):
            prompt = val_ids[start:start + 32]
            text = generate(model, prompt, 128)[None]
            guess = draft(text[:, :-1]).data[0, 31:].argmax(-1)
            hits, total = hits + int((guess == text[0, 32:]).sum()), total + 128
    assert hits / total >= 0.85, f"the draft predicts only {hits / total:.1%} of the target's greedy tokens"
