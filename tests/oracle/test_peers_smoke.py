"""Smoke test of benchmarks/peers.py in --quick mode: every row is measured, well formed and rendered by run.py.

No speed is asserted (timing belongs to the machine; benchmarks/RESULTS.md reports it). What is asserted: each row has
a positive tinytorch figure, a PyTorch figure when torch is installed (else "not installed"), a positive ratio (for
timings the median of per-round ratios, tested on synthetic samples below; for bytes the quotient), and the
correctness checks the notes report (same tokens, same pruning masks) are True.
"""
import _oracle_env  # noqa: F401 - first: puts benchmarks/ on sys.path, one torch thread

import re

import numpy as np
import pytest

import peers                      # benchmarks/ is on sys.path (_oracle_env)
import run as bench_run

NUMBER = re.compile(r"^([\d,]+(?:\.\d+)?) ")


def figure(text: str) -> float:
    "The number at the start of a table cell like '1,234.5 us'."
    match = NUMBER.match(text)
    assert match, f"not a measured figure: {text!r}"
    return float(match.group(1).replace(",", ""))


def check_rows(rows: list, with_torch: bool) -> None:
    assert len(rows) == 7
    for row in rows:
        assert row["peer"] and row["passed"] and figure(row["tinytorch"]) > 0, row
        if not with_torch:
            assert row["torch"] == peers.NOT_INSTALLED and row["ratio"] == "n/a", row
            continue
        assert row["ratio"].endswith("x") and float(row["ratio"][:-1]) > 0, row
        if row["name"].endswith("stored bytes"):
            assert float(row["ratio"][:-1]) == pytest.approx(figure(row["tinytorch"]) / figure(row["torch"]), abs=0.01)
        assert "False" not in row["notes"], row            # identical tokens / equal masks / same neurons
    table = bench_run.render_rows(rows)
    assert table[0].startswith("| benchmark | tinytorch | PyTorch | tinytorch / PyTorch |")
    assert len(table) == 2 + len(rows)


def test_paired_ratio_is_the_median_of_per_round_ratios():
    "Round 2 stalled b only: per-round ratios 2, 0.5, 2 -> 2; the ratio of the medians would be 2 / 1.5."
    samples = {"a": np.array([1.0, 2.0, 3.0]), "b": np.array([0.5, 4.0, 1.5])}
    assert peers.paired_ratio(samples, "a", "b") == 2.0
    assert peers.paired_ratio(samples, "b", "a") == 0.5
    row = peers.peer_row("x", 3.0, 1.5, "ms", "", ratio=1.9)
    assert (row["tinytorch"], row["torch"], row["ratio"]) == ("3 ms", "2 ms", "1.90x")
    assert peers.peer_row("x", 3.0, 1.5, "B", "")["ratio"] == "2.00x"


@pytest.mark.torch
def test_quick_peer_rows_with_torch():
    pytest.importorskip("torch")
    rows = peers.run(quick=True)                           # measured in a single-threaded subprocess
    check_rows(rows, with_torch=True)
    assert "torch.get_num_threads() = 1" in peers.describe()
    assert all(word in " ".join(r["notes"] for r in rows) for word in ("identical tokens: True",
                                                                       "l1_unstructured: True"))


def test_quick_peer_rows_without_torch(monkeypatch):
    "Without torch the tinytorch column is still measured and the PyTorch column says 'not installed'."
    monkeypatch.setattr(peers, "torch", None)
    monkeypatch.setattr(peers, "LAST_DESCRIPTION", None)
    result = peers.measure_rows(quick=True)
    check_rows(result["rows"], with_torch=False)
    assert "PyTorch: not installed" in result["describe"]
