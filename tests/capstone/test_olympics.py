"""`tinytorch olympics` end to end, as a user runs it (the console script in a subprocess, in a temporary folder).

Checks: exit code 0 within the time budget; every number of the printed results table and leaderboard equals a value
of results.json / the database (no number is made up); the baseline accuracy is the one measured independently here;
gate failures are printed as FAIL, not dropped; the HTML embeds a PNG.
"""
import json
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.data import load_digits
from tinytorch.core.transformer import load_digits_mlp

EXE = Path(sys.executable).parent / "tinytorch"
COLUMNS = ["name", "gate_passed", "quality", "p50_ms", "p90_ms", "p99_ms", "samples_per_s", "model_bytes",
           "peak_bytes"]


def run_olympics(tmp_path, *extra, timeout=600):
    start = time.perf_counter()
    res = subprocess.run([str(EXE), "olympics", "--output", str(tmp_path / "out"), *extra], cwd=tmp_path,
                         capture_output=True, text=True, timeout=timeout)
    return res, time.perf_counter() - start


def parse_results_tables(stdout: str) -> list:
    "[(task, {column: printed text})] for every row of the printed results tables."
    rows, task, header = [], None, False
    for line in stdout.splitlines():
        m = re.match(r"== (\w+) ", line)
        if m:
            task, header = m.group(1), True
            continue
        if task is None or not line.strip() or line.startswith("LEADERBOARD"):
            if line.startswith("LEADERBOARD"):
                break
            continue
        if line.startswith("note: "):               # why a contestant was left out, after the tables
            continue
        if header:                                  # the column titles
            header = False
            continue
        cells = re.split(r"\s{2,}", line.strip())
        assert len(cells) == len(COLUMNS), line
        rows.append((task, dict(zip(COLUMNS, cells))))
    return rows


def parse_leaderboard(stdout: str) -> list:
    "[(task, category title, rank, printed value, system name)] of the printed leaderboard."
    out, current = [], None
    for line in stdout.split("LEADERBOARD", 1)[1].splitlines():
        m = re.match(r"(\w+) — (.+)$", line)
        if m:
            current = m.groups()
            continue
        m = re.match(r"\s+(\d+)\.\s+(\S+)\s{2}(.+?)\s+(\S+)$", line)
        if m and current:
            out.append((*current, int(m.group(1)), m.group(2), m.group(3).strip()))
    return out


def number(text: str) -> float:
    return float(text.replace(",", ""))


def check_printed_numbers_come_from_results(stdout, results):
    rows = parse_results_tables(stdout)
    assert len(rows) == len(results) and rows, "one printed row per measured system"
    for task, row in rows:
        match = [r for r in results if r["task"] == task and r["name"] == row["name"]]
        assert len(match) == 1, (task, row["name"])
        r = match[0]
        assert row["gate_passed"] == ("PASS" if r["gate_passed"] else "FAIL")
        for key in COLUMNS[2:]:
            # printed with 4 significant digits (or 4 decimals / exact integers): equal up to that rounding
            assert number(row[key]) == pytest.approx(r[key], rel=6e-4, abs=6e-5), (task, r["name"], key)
    return rows


def test_quick_olympics_end_to_end(tmp_path):
    res, seconds = run_olympics(tmp_path, "--quick")
    assert res.returncode == 0, res.stderr[-3000:]
    assert seconds < 30, f"--quick took {seconds:.1f} s (budget 30 s)"
    out = tmp_path / "out"
    results = json.loads((out / "results.json").read_text())
    assert {r["task"] for r in results} == {"digits", "tinygpt"}
    rows = check_printed_numbers_come_from_results(res.stdout, results)
    # gate failures are shown, not dropped (structured 50 % pruning with one fine-tuning epoch fails on digits)
    assert any(row["gate_passed"] == "FAIL" for _, row in rows)
    for r in results:
        assert 0 < r["p50_ms"] <= r["p90_ms"] <= r["p99_ms"] and r["samples_per_s"] > 0 and r["model_bytes"] > 0

    # the digits baseline is the real test accuracy of the shipped model, computed here independently
    _, _, X_test, y_test = load_digits()
    model = load_digits_mlp()
    x = X_test
    for m in model:
        x = x @ m.weight.data + m.bias.data if isinstance(m, nn.Linear) else np.maximum(x, 0)
    fp32 = next(r for r in results if r["task"] == "digits" and r["name"] == "fp32")
    assert fp32["quality"] == pytest.approx(float((x.argmax(axis=-1) == y_test).mean()))
    assert fp32["model_bytes"] == sum(p.data.nbytes for p in model.parameters())

    # the printed leaderboard is the database's, and the database holds exactly this run's results
    conn = sqlite3.connect(str(out / "leaderboard.sqlite"))
    db_rows = conn.execute("SELECT task, name, p90_ms, model_bytes, samples_per_s, quality, gate_passed "
                           "FROM results ORDER BY idx").fetchall()
    conn.close()
    assert [(r["task"], r["name"], r["p90_ms"], r["model_bytes"]) for r in results] == \
        [(t, n, p, b) for t, n, p, b, *_ in db_rows]
    board = parse_leaderboard(res.stdout)
    assert board, "the leaderboard was printed"
    columns = {"fastest SingleStream p90 (ms)": 2, "smallest model (bytes)": 3,
               "best Offline throughput (samples/s)": 4}
    for task, title, rank, value, name in board:
        passing = [row for row in db_rows if row[0] == task and row[1] == name and row[6] == 1]
        assert passing, f"{name} ({task}) is ranked but did not pass the gate"
        if title in columns:
            assert any(number(value) == pytest.approx(row[columns[title]], rel=6e-4) for row in passing)
        elif title == "highest quality (accuracy)":
            assert any(number(value) == pytest.approx(row[5], rel=6e-4) for row in passing)
        else:                                                 # best quality per KB
            assert any(number(value) == pytest.approx(row[5] / (row[3] / 1024), rel=6e-4) for row in passing)

    # the digits CNN competes in the digits task (issue 18): fp32 and on the blocked backend, and INT8 exactly when
    # quantize_model converts it; otherwise the printed note says why it is left out
    digits_names = [r["name"] for r in results if r["task"] == "digits"]
    assert {"cnn fp32", "cnn backend blocked"} <= set(digits_names)
    cnn = next(r for r in results if r["name"] == "cnn fp32")
    assert cnn["quality"] > fp32["quality"] and cnn["gate_passed"]
    assert ("cnn int8" in digits_names) != ("note: digits: 'cnn int8' left out" in res.stdout)
    assert any(title == "highest quality (accuracy)" and name == "cnn fp32" and rank == 1
               for _, title, rank, _, name in board)

    sub = json.loads((out / "submission.json").read_text())
    assert sub["results"] == results and len(sub["sha256"]) == 64
    page = (out / "leaderboard.html").read_text()
    assert "data:image/png;base64," in page and (out / "pareto.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_default_olympics_within_three_minutes(tmp_path):
    res, seconds = run_olympics(tmp_path, "--quiet")
    assert res.returncode == 0, res.stderr[-3000:]
    assert seconds < 180, f"tinytorch olympics took {seconds:.1f} s (budget 180 s on 2 cores)"
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    check_printed_numbers_come_from_results(res.stdout, results)
    assert res.stderr == ""                                       # --quiet: no progress bar
