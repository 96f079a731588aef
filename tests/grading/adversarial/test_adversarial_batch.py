"""One autograde batch (the real CLI, in its own process) of every case in cases.py: cheats, faults and honest
submissions of the fixture module 99_demo side by side. Each cheat must score 0 and be flagged with its rule, each
fault must cost exactly what it breaks, each honest submission must keep its exact score without a flag, and the
report, integrity_flags.csv/.md, grades.csv and the gradebook must hold every submission.

Slow (~1 min: only the unflagged submissions get a kernel), but part of `make test` and CI.
"""
import csv
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))       # cases.py
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))    # _grading_helpers.py
from cases import ALL, CHEATS, FAULTS, FIXTURE_COURSE, HONEST  # noqa: E402
from _grading_helpers import put_submission, release_and_autograde, run_cli  # noqa: E402
from tinytorch_course.autograde import FLAG_COLUMNS, REPORT_COLUMNS, cell_scores  # noqa: E402
from tinytorch_course.course import load_course  # noqa: E402
from tinytorch_course.nbgrader_runner import NbgraderRunner  # noqa: E402

pytestmark = pytest.mark.slow
DEMO_MAX = 3.0


def _read_csv(path):
    with Path(path).open(newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def _write_all(subs, _release_nb):
    for case in ALL:
        put_submission(subs, case.student, case.notebook_text())


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    "Release 99_demo, grade every case in one CLI run; returns (grading dir, CLI result, report rows by student)."
    grading, res, rows = release_and_autograde(tmp_path_factory.mktemp("adversarial"), _write_all, "--quiet")
    columns, _ = _read_csv(grading / "reports" / "autograde_report.csv")
    assert tuple(columns) == REPORT_COLUMNS
    return grading, res, rows


@pytest.fixture(scope="module")
def flags(batch):
    "integrity_flags.csv rows grouped by student."
    columns, rows = _read_csv(batch[0] / "reports" / "integrity_flags.csv")
    assert tuple(columns) == FLAG_COLUMNS
    by_student = {}
    for r in rows:
        by_student.setdefault(r["student"], []).append(r)
    return by_student


@pytest.fixture(scope="module")
def runner(batch):
    return NbgraderRunner(load_course(FIXTURE_COURSE), batch[0])


@pytest.mark.parametrize("case", CHEATS, ids=lambda c: c.student)
def test_cheat_is_flagged_and_scores_zero(case, batch, flags, runner):
    row = batch[2][case.student]
    assert (row["status"], float(row["score"]), float(row["max_score"])) == ("flagged", 0.0, DEMO_MAX), row
    rules = {f["rule"] for f in flags.get(case.student, [])}
    assert case.rule in rules, f"{case.student}: expected rule {case.rule}, flagged with {rules or 'nothing'}"
    assert case.rule in row["message"]
    # the gradebook agrees (grades.csv is exported from it): every autograded cell 0, the submission present
    scores = cell_scores(runner, runner.course.resolve("99"), case.student)
    assert scores == {"test_add_one": (0.0, 2.0), "test_double": (0.0, 1.0)}


@pytest.mark.parametrize("case", FAULTS + HONEST, ids=lambda c: c.student)
def test_faults_and_honest_submissions_keep_their_exact_score_unflagged(case, batch, flags):
    row = batch[2][case.student]
    assert (row["status"], float(row["score"])) == (case.status, case.score), row
    assert case.student not in flags, f"{case.student} was flagged: {flags[case.student]}"


def test_every_submission_has_a_row_everywhere(batch, runner):
    grading, res, rows = batch
    students = sorted(c.student for c in ALL)
    assert sorted(rows) == students
    _, grades = _read_csv(grading / "grades.csv")
    assert {g["student_id"]: float(g["score"]) for g in grades} == {s: float(r["score"]) for s, r in rows.items()}
    with runner.gradebook() as gb:  # a gradebook submission for everything that was a notebook at all
        graded = {s.student.id for s in gb.find_assignment("99_demo").submissions}
    assert graded == {c.student for c in ALL if c.status != "malformed"}


def test_flag_reports_name_student_module_cell_and_line(batch, flags):
    rows = flags["np_allclose"]
    assert any(r["module"] == "99_demo" and r["cell"] == "add_one" and r["line"] == "1"
               and r["rule"] == "module-tamper" and "np.allclose" in r["reason"] for r in rows), rows
    assert set(flags) == {c.student for c in CHEATS}
    md = (batch[0] / "reports" / "integrity_flags.md").read_text()
    assert f"{len(CHEATS)} flagged submission(s)" in md
    assert "| np_allclose | 99_demo | add_one | 1 | module-tamper |" in md


def test_cli_prints_the_flags_summary(batch, flags):
    out = batch[1].stdout
    n_flags = sum(len(rows) for rows in flags.values())
    assert f"integrity: {n_flags} flag(s) in {len(CHEATS)} submission(s), scored 0:" in out
    assert "np_allclose  99_demo  add_one line 1  module-tamper: assigns np.allclose" in out


def test_runtime_guard_names_what_was_replaced(flags):
    [flag] = flags["runtime_patch"]
    assert flag["cell"] == "test_add_one" and "tinytorch.testing.np" not in flag["reason"]
    assert "numpy.array_equal" in flag["reason"], flag


def test_print_flood_is_survived_and_truncated(batch):
    "The flood is not a flag, but the stored notebook keeps nbgrader's 1000 lines of it, not megabytes."
    graded = batch[0] / "autograded" / "print_flood" / "99_demo" / "demo.ipynb"
    assert graded.stat().st_size < 200_000, f"{graded} is {graded.stat().st_size} bytes"


def test_guard_cells_never_reach_autograded_notebooks_or_feedback(batch):
    "The runtime guard's injected cells are removed before saving: the graded notebook has the submitted cells."
    grading = batch[0]
    submitted = json.loads((grading / "submitted" / "honest_full" / "99_demo" / "demo.ipynb").read_text())
    graded = json.loads((grading / "autograded" / "honest_full" / "99_demo" / "demo.ipynb").read_text())
    assert [c["source"] for c in graded["cells"]] == [c["source"] for c in submitted["cells"]]
    res = run_cli("--course", FIXTURE_COURSE, "--grading-dir", grading, "feedback")
    assert res.returncode == 0, res.stderr
    pages = sorted(grading.glob("feedback/*/99_demo/demo.html"))
    assert {p.parts[-3] for p in pages} >= {c.student for c in HONEST}
    for page in pages:
        html = page.read_text()
        assert "_tinytorch_guard" not in html and "TINYTORCH-GUARD" not in html, f"{page} shows the guard"


def test_a_scanner_error_costs_one_submission_not_the_batch(runner, monkeypatch, tmp_path):
    "If the scan itself breaks on some notebook, that submission is reported crashed (score 0), never run, never 'ok'."
    from tinytorch_course import autograde

    def broken_scan(*args):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(autograde, "scan_submission", broken_scan)
    put_submission(tmp_path, "scanner_bug", HONEST[0].notebook_text())
    result = autograde.grade_one(runner, tmp_path, "scanner_bug", runner.course.resolve("99"))
    assert (result.status, result.score) == ("crashed", 0.0)
    assert "integrity scan failed" in result.message and "RecursionError" in result.message
