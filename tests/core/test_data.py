"""tinytorch.core.data: the shipped digits and corpus, the grammar generator, CharTokenizer, DataLoader and the
language-model batch helpers."""
import math

import numpy as np
import pytest

from tinytorch.core import data
from tinytorch.core.data import (CORPUS_SEED, CORPUS_SENTENCES, CharTokenizer, DataLoader, TextBatches, eval_windows,
                                 load_digits, load_text_corpus, make_corpus, text_batches, train_val_split_text,
                                 unigram_entropy)


# ---------------------------------------------------------------------------------------------------------------
# digits
# ---------------------------------------------------------------------------------------------------------------
def test_digits_shapes_dtypes_and_ranges():
    X_train, y_train, X_test, y_test = load_digits()
    assert X_train.shape == (len(y_train), 64) and X_test.shape == (len(y_test), 64)
    assert len(y_train) + len(y_test) == 1797
    assert X_train.dtype == np.float32 and X_test.dtype == np.float32
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    # pixels were integers 0..16: scaled values are exact multiples of 1/16
    assert np.array_equal(X_train * 16, np.round(X_train * 16))
    assert set(np.unique(y_train)) == set(range(10)) == set(np.unique(y_test))


def test_digits_split_is_fixed_disjoint_and_stratified():
    with np.load(data.data_path("digits.npz")) as f:
        train_idx, test_idx, labels = f["train_idx"], f["test_idx"], f["labels"]
    assert len(np.intersect1d(train_idx, test_idx)) == 0
    assert np.array_equal(np.sort(np.concatenate([train_idx, test_idx])), np.arange(1797))
    assert 0.18 < len(test_idx) / 1797 < 0.22
    per_class_fraction = np.bincount(labels[test_idx], minlength=10) / np.bincount(labels, minlength=10)
    assert np.all(np.abs(per_class_fraction - 0.2) < 0.02), per_class_fraction
    # loading twice gives identical arrays (no randomness at load time)
    a, b = load_digits(), load_digits()
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_digits_license_note_is_shipped():
    note = data.data_path("DIGITS_LICENSE.md").read_text()
    assert "CC BY 4.0" in note and "Alpaydin" in note and "UCI" in note


def test_missing_data_file_has_a_helpful_error():
    with pytest.raises(FileNotFoundError, match="make_digits|pretrain|make_corpus"):
        data.data_path("no_such_file.npz")


# ---------------------------------------------------------------------------------------------------------------
# corpus
# ---------------------------------------------------------------------------------------------------------------
def test_shipped_corpus_equals_the_generator_output():
    assert load_text_corpus() == make_corpus(CORPUS_SENTENCES, CORPUS_SEED)


def test_make_corpus_is_deterministic_and_seed_dependent():
    assert make_corpus(50, seed=3) == make_corpus(50, seed=3)
    assert make_corpus(50, seed=3) != make_corpus(50, seed=4)
    text = make_corpus(50, seed=3)
    sentences = text.count(".") + text.count("?") + text.count("!")
    assert sentences == 50
    with pytest.raises(ValueError, match="n_sentences"):
        make_corpus(0)


def test_corpus_size_and_english_like_structure():
    text = load_text_corpus()
    assert 100_000 < len(text.encode()) < 400_000
    assert set("abcdefghijklmnopqrstuvwxyz") <= set(text)        # e.g. "the quick brown fox" is encodable
    lines = text.strip().split("\n")
    assert all(line[0].isupper() and line[-1] in ".?!" for line in lines)
    # subject-verb agreement in present tense: "the dogs run" occurs, "the dogs runs" never
    assert " dogs run" in text or " dogs sleep" in text or " dogs sing" in text
    for plural in ("dogs", "foxes", "children"):
        for verb in ("runs ", "sleeps ", "sings ", "likes ", "sees "):
            assert f"the {plural} {verb}" not in text.lower()


def test_train_val_split_text():
    text = "abcdefghij" * 10
    train, val = train_val_split_text(text, val_fraction=0.1)
    assert train + val == text and len(val) == 10
    with pytest.raises(ValueError, match="val_fraction"):
        train_val_split_text(text, val_fraction=1.0)


def test_unigram_entropy():
    assert unigram_entropy("aaaa") == 0.0
    assert math.isclose(unigram_entropy("abab"), math.log(2))
    assert math.isclose(unigram_entropy("abcd" * 3), math.log(4))
    text = load_text_corpus()
    assert unigram_entropy(text) < math.log(len(set(text)))


# ---------------------------------------------------------------------------------------------------------------
# tokenizer
# ---------------------------------------------------------------------------------------------------------------
def test_char_tokenizer_round_trip_and_vocabulary():
    tok = CharTokenizer("hello world")
    assert tok.chars == " dehlorw" and tok.vocab_size == 8
    ids = tok.encode("low dew")
    assert ids.dtype == np.int64 and ids.shape == (7,)
    assert ids.tolist() == [tok.chars.index(c) for c in "low dew"]
    assert tok.decode(ids) == "low dew"
    assert tok.decode(ids.reshape(1, -1)) == "low dew"            # any shape is flattened
    assert tok.decode([]) == "" and tok.encode("").shape == (0,)
    # built from its own chars, a tokenizer is identical (this is how checkpoints restore it)
    assert CharTokenizer(tok.chars).chars == tok.chars


def test_char_tokenizer_errors():
    tok = CharTokenizer("abc")
    with pytest.raises(ValueError, match=r"'z' at position 1"):
        tok.encode("az")
    with pytest.raises(ValueError, match=r"\[0, 2\]"):
        tok.decode([0, 3])
    with pytest.raises(ValueError):
        tok.decode(np.array([0.0, 1.0]))
    with pytest.raises(TypeError):
        CharTokenizer("")


def test_char_tokenizer_on_the_corpus():
    text = load_text_corpus()
    tok = CharTokenizer(text)
    assert tok.decode(tok.encode(text)) == text
    assert tok.vocab_size == len(set(text))


# ---------------------------------------------------------------------------------------------------------------
# DataLoader
# ---------------------------------------------------------------------------------------------------------------
def _xy(n=10):
    X = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    return X, np.arange(n, dtype=np.int64)


def test_dataloader_without_shuffle_is_in_order():
    X, y = _xy(10)
    loader = DataLoader(X, y, batch_size=4)
    batches = list(loader)
    assert len(loader) == 3 == len(batches)
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert np.array_equal(batches[0][0], X[:4]) and batches[0][0].dtype == np.float32
    assert [b[1].tolist() for b in loader] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]   # re-iterable


def test_dataloader_drop_last():
    X, y = _xy(10)
    loader = DataLoader(X, y, batch_size=4, drop_last=True)
    assert len(loader) == 2 and [len(b[1]) for b in loader] == [4, 4]
    assert len(DataLoader(X, y, batch_size=20, drop_last=True)) == 0
    assert len(DataLoader(X, y, batch_size=20)) == 1


def test_dataloader_shuffle_is_a_seeded_per_epoch_permutation():
    X, y = _xy(50)
    loader = DataLoader(X, y, batch_size=8, shuffle=True, seed=7)
    epoch0 = np.concatenate([b[1] for b in loader])
    epoch1 = np.concatenate([b[1] for b in loader])
    assert sorted(epoch0.tolist()) == list(range(50)) == sorted(epoch1.tolist())  # every row once per epoch
    assert not np.array_equal(epoch0, epoch1)                                       # reshuffled each epoch
    assert not np.array_equal(epoch0, np.arange(50))
    again = DataLoader(X, y, batch_size=8, shuffle=True, seed=7)
    assert np.array_equal(np.concatenate([b[1] for b in again]), epoch0)            # same seed, same order
    other = DataLoader(X, y, batch_size=8, shuffle=True, seed=8)
    assert not np.array_equal(np.concatenate([b[1] for b in other]), epoch0)
    again.set_epoch(0)
    assert np.array_equal(np.concatenate([b[1] for b in again]), epoch0)
    for xb, yb in DataLoader(X, y, batch_size=8, shuffle=True, seed=7):             # rows stay paired
        assert np.array_equal(xb[:, 0], 2 * yb)


def test_dataloader_errors():
    X, y = _xy(10)
    with pytest.raises(ValueError, match="10 rows but y has 9"):
        DataLoader(X, y[:9])
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(X, y, batch_size=0)


# ---------------------------------------------------------------------------------------------------------------
# language-model batches
# ---------------------------------------------------------------------------------------------------------------
def test_text_batches_are_shifted_windows():
    ids = np.arange(100, dtype=np.int64)
    batches = text_batches(ids, block_size=8, batch_size=5, n_batches=3, seed=1)
    assert isinstance(batches, TextBatches) and len(batches) == 3
    got = list(batches)
    assert len(got) == 3
    for x, y in got:
        assert x.shape == y.shape == (5, 8) and x.dtype == np.int64 and y.dtype == np.int64
        assert np.array_equal(y, x + 1)                     # ids are positions: y is x shifted by one
        assert np.all(np.diff(x, axis=1) == 1)              # contiguous windows
        assert x.min() >= 0 and y.max() <= 99
    again = list(text_batches(ids, 8, 5, 3, seed=1))
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(got, again))
    second_pass = list(batches)
    assert not np.array_equal(second_pass[0][0], got[0][0])  # next pass, new windows


def test_text_batches_errors():
    with pytest.raises(ValueError, match="1-D integer"):
        text_batches(np.zeros((3, 3), dtype=np.int64), 2, 1, 1)
    with pytest.raises(ValueError, match="block_size"):
        text_batches(np.arange(10), 10, 1, 1)


def test_eval_windows_cover_the_text_in_order():
    ids = np.arange(23, dtype=np.int64)
    x, y = eval_windows(ids, 5)
    assert x.shape == y.shape == (4, 5)
    assert np.array_equal(x.reshape(-1), np.arange(20)) and np.array_equal(y.reshape(-1), np.arange(1, 21))
