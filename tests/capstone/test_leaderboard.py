"""The leaderboard: signed submissions, SQLite storage, atomic rejection, categories and the self-contained HTML.

Every test uses a database under tmp_path (never the user's data directory). "Unchanged" is checked by comparing a
full SQL dump of the database (sqlite3 iterdump) before and after.
"""
import base64
import hashlib
import html.parser
import io
import json
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from tinytorch.capstone import tinymlperf as tm
from tinytorch.capstone.tinymlperf import (Leaderboard, SubmissionError, default_db_path, make_submission,
                                           render_html, write_submission)


def result(task, name, quality, baseline, p90, size, thr, **extra):
    r = {"task": task, "name": name, "optimizations": [name], "quality": quality, "baseline_quality": baseline,
         "gate_passed": quality >= 0.99 * baseline, "p50_ms": p90 / 2, "p90_ms": p90, "p99_ms": p90 * 1.5,
         "samples_per_s": thr, "model_bytes": size, "peak_bytes": 1000, "n_queries": 50}
    r.update(extra)
    return r


RESULTS = [result("digits", "fp32", 0.97, 0.97, 0.02, 68904, 1.0e6),
           result("digits", "int8", 0.972, 0.97, 0.06, 18640, 5.0e5),
           result("digits", "tiny", 0.90, 0.97, 0.01, 2000, 2.0e6),            # fails the gate
           result("tinygpt", "kv-cache", 0.72, 0.72, 5.0, 3745980, 400.0)]


def dump(db: Path) -> list:
    conn = sqlite3.connect(str(db))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture()
def board(tmp_path):
    with Leaderboard(tmp_path / "lb.sqlite") as b:
        yield b


def test_digest_is_sha256_of_canonical_json():
    sub = make_submission(RESULTS, "ada", created="2026-01-01T00:00:00+00:00", system={"cpu_count": 2})
    body = {k: v for k, v in sub.items() if k != "sha256"}
    expected = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert sub["sha256"] == expected and sub["schema_version"] == 1


def test_submit_is_idempotent(board, tmp_path):
    path = write_submission(make_submission(RESULTS, "ada"), tmp_path / "s.json")
    sha, added = board.submit(path)
    assert added and len(board.results()) == len(RESULTS)
    before = dump(board.path)
    assert board.submit(path) == (sha, False)
    assert dump(board.path) == before


@pytest.mark.parametrize("corrupt", ["edit_number", "truncate", "unknown_version_resigned", "drop_field"])
def test_bad_submission_is_rejected_and_db_unchanged(board, tmp_path, corrupt):
    board.submit(make_submission(RESULTS[:2], "first"))
    before = dump(board.path)
    path = write_submission(make_submission(RESULTS, "mallory"), tmp_path / "bad.json")
    text = path.read_text()
    if corrupt == "edit_number":        # "my model is faster" (still schema-valid): the digest no longer matches
        sub = json.loads(text)
        sub["results"][0]["p90_ms"] = 0.015
        path.write_text(json.dumps(sub))
        reason = "sha256"
    elif corrupt == "truncate":         # a half-written file
        path.write_text(text[: len(text) // 2])
        reason = "JSON"
    elif corrupt == "unknown_version_resigned":
        sub = json.loads(text)
        sub["schema_version"] = 2
        sub["sha256"] = tm.submission_digest(sub)
        path.write_text(json.dumps(sub))
        reason = "schema_version"
    else:
        sub = json.loads(text)
        del sub["results"][1]["peak_bytes"]
        path.write_text(json.dumps(sub))
        reason = "results[1].peak_bytes"
    with pytest.raises(SubmissionError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        board.submit(path)
    assert dump(board.path) == before


def test_failure_in_the_middle_of_an_insert_rolls_back(board, monkeypatch):
    "A crash after the first rows were written must leave nothing behind (one transaction)."
    board.submit(make_submission(RESULTS[:1], "first"))
    before = dump(board.path)
    sub = make_submission(RESULTS, "second")
    real_dumps, calls = json.dumps, []

    class ExplodingJson:
        @staticmethod
        def dumps(obj, **kwargs):
            if not kwargs:                        # the per-result "optimizations" column
                calls.append(obj)
                if len(calls) == 3:
                    raise RuntimeError("disk full (simulated)")
            return real_dumps(obj, **kwargs)

        loads = staticmethod(json.loads)
        JSONDecodeError = json.JSONDecodeError

    monkeypatch.setattr(tm, "json", ExplodingJson)
    with pytest.raises(RuntimeError, match="disk full"):
        board.submit(sub)
    assert len(calls) == 3 and dump(board.path) == before
    assert board.dump() == before           # the same connection too: nothing is left pending to be committed later


def test_categories_rank_gate_passing_results(board):
    board.submit(make_submission(RESULTS, "ada"))
    cats = board.categories()
    assert set(cats) == {"digits", "tinygpt"}
    digits = cats["digits"]
    assert [r["name"] for r in digits["fastest_p90"]] == ["fp32", "int8"]       # "tiny" failed the gate
    assert [r["name"] for r in digits["smallest"]] == ["int8", "fp32"]
    assert [r["name"] for r in digits["best_throughput"]] == ["fp32", "int8"]
    assert digits["best_quality_per_kb"][0]["quality_per_kb"] == pytest.approx(0.972 / (18640 / 1024))


class _Page(html.parser.HTMLParser):
    "Collects <img src> values and the rows of each table (data-task, data-category) of the leaderboard page."

    def __init__(self):
        super().__init__()
        self.images, self.tables, self._table, self._row, self._cell = [], {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        elif tag == "table":
            self._table = self.tables.setdefault((attrs.get("data-task"), attrs.get("data-category")), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def _db_ranking(db: Path, task: str, column: str, descending: bool) -> list:
    "Independent ranking straight from the database: (name, value) of gate-passing results."
    conn = sqlite3.connect(str(db))
    expr = "quality / (model_bytes / 1024.0)" if column == "quality_per_kb" else column
    rows = conn.execute(f"SELECT name, {expr} FROM results WHERE task = ? AND gate_passed = 1 "
                        f"ORDER BY {expr} {'DESC' if descending else 'ASC'}", (task,)).fetchall()
    conn.close()
    return rows


def test_html_is_self_contained_with_a_png_and_the_db_numbers(board, tmp_path):
    board.submit(make_submission(RESULTS, "ada"))
    out = render_html(board.categories(), board.results(), tmp_path / "site" / "leaderboard.html")
    page = _Page()
    page.feed(out.read_text())
    assert len(page.images) == 1 and page.images[0].startswith("data:image/png;base64,")
    png = base64.b64decode(page.images[0].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])                 # IHDR: a real, non-empty image
    assert width > 100 and height > 100
    assert plt.imread(io.BytesIO(png)).ndim == 3                     # matplotlib decodes it as an RGB(A) image
    assert "src='http" not in out.read_text() and "<script" not in out.read_text()   # nothing fetched from outside
    for (task, category), rows in page.tables.items():
        col, how = tm.CATEGORIES[category][1], tm.CATEGORIES[category][2]
        want = _db_ranking(board.path, task, col, how == "max")[:5]
        assert [(r[2], r[1]) for r in rows] == [
            (name, f"{v:,}" if col == "model_bytes" else (f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:.4g}"))
            for name, v in want], (task, category)
    assert len(page.tables) == 2 * len(tm.CATEGORIES)


def test_default_db_path_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "tinytorch" / "leaderboard.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path() == Path.home() / ".local" / "share" / "tinytorch" / "leaderboard.sqlite"


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "tinytorch_course.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_cli_submit_and_leaderboard_reject_a_tampered_file(tmp_path):
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    db = tmp_path / "lb.sqlite"
    res = _cli("submit", results, "--name", "ada", "--db", db, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    sub_path = tmp_path / "submission-ada.json"
    assert sub_path.is_file() and "added to" in res.stdout
    tampered = json.loads(sub_path.read_text())
    tampered["results"][1]["model_bytes"] = 10
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(tampered))
    before = dump(db)
    res = _cli("leaderboard", "--db", db, "--add", bad, "--html", tmp_path / "lb.html", cwd=tmp_path)
    assert res.returncode == 1 and "rejected" in res.stderr and "sha256" in res.stderr
    assert dump(db) == before
    assert "int8" in res.stdout and (tmp_path / "lb.html").is_file()


@pytest.mark.parametrize("command", ["olympics", "submit", "leaderboard"])
def test_capstone_subcommands_have_help(capsys, command):
    from tinytorch_course import cli
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith(f"usage: tinytorch {command}")


def test_submit_without_results_file_is_misuse(tmp_path):
    res = _cli("submit", tmp_path / "missing.json", "--name", "ada", "--db", tmp_path / "lb.sqlite", cwd=tmp_path)
    assert res.returncode == 2 and "no results file" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "lb.sqlite").exists()


def test_empty_leaderboard_still_writes_a_page(tmp_path):
    res = _cli("leaderboard", "--db", tmp_path / "lb.sqlite", "--html", tmp_path / "lb.html", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "no result has passed the accuracy gate yet" in res.stdout
    page = _Page()
    page.feed((tmp_path / "lb.html").read_text())
    assert base64.b64decode(page.images[0].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n" and page.tables == {}
