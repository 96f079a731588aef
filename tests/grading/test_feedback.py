"""The feedback renderer on synthetic notebooks and reports (fast: no nbgrader, no kernel, no gradebook).

The slow, end-to-end leak test for every real module is test_feedback_leaks.py; the fixture course's batch
(test_autograde_fixture.py) covers the CLI with real autograded submissions.
"""
import csv

import pytest

from tinytorch_course.course import load_course
from tinytorch_course.feedback import (MAX_MESSAGE, NO_MESSAGE, answer_errors, graded_cells, read_flags,
                                         render_graded_page, render_status_page, render_summary, student_answers,
                                         write_feedback)
from tinytorch_course.nbgrader_runner import NbgraderRunner

from _grading_helpers import FIXTURE_COURSE

HIDDEN_LINE = "check_close('add_one', add_one(SECRET_INPUT), SECRET_EXPECTED)"
PRINTED_SECRET = "expected [1.5, 2.5, 99.25]"


def _cell(cell_type, source, outputs=(), **nbgrader):
    cell = {"cell_type": cell_type, "metadata": {"nbgrader": nbgrader}, "source": source}
    if cell_type == "code":
        cell["outputs"] = list(outputs)
    return cell


def _error(ename, evalue):
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": [f"  File <cell>, line 3\n    {HIDDEN_LINE}", f"{ename}: {evalue}"]}


def _test(grade_id, outputs, points=1):
    "A graded test cell whose source still holds the hidden block, as in nbgrader's autograded notebook."
    source = f"assert add_one(1) == 2\n### BEGIN HIDDEN TESTS\n{HIDDEN_LINE}\n### END HIDDEN TESTS\n"
    return _cell("code", source, outputs, grade=True, grade_id=grade_id, points=points, solution=False)


LONG = "add_one: [case] wrong result; " + "x" * 1000
AUTOGRADED = {"cells": [
    _cell("code", "def add_one(x):\n    return x + 2\n", solution=True, grade=False, grade_id="add_one"),
    _cell("code", "def double(x) return 2 * x\n", [_error("SyntaxError", "invalid syntax (1234.py, line 1)")],
          solution=True, grade=False, grade_id="double"),
    _test("t_checks", [{"output_type": "stream", "name": "stdout", "text": PRINTED_SECRET + "\n"},
                       _error("AssertionError", "add_one: [int32 vector] wrong values (5 of 5 differ)")]),
    _test("t_bare", [_error("AssertionError", "")]),
    _test("t_long", [_error("AssertionError", LONG)]),
    _test("t_todo", [_error("NotImplementedError", "")]),
    _test("t_multiline", [_error("AssertionError", "\nNot equal to tolerance rtol=1e-07\n x: array([1.5, 2.5])")]),
    _test("t_pass", [{"output_type": "stream", "name": "stdout", "text": PRINTED_SECRET}], points=2),
    _cell("markdown", "Why is it fast?", solution=True, grade=True, grade_id="essay", points=1),
]}
GRADES = {"t_checks": (0.0, 1.0, "code"), "t_bare": (0.0, 1.0, "code"), "t_long": (0.0, 1.0, "code"),
          "t_todo": (0.0, 1.0, "code"), "t_multiline": (0.0, 1.0, "code"), "t_pass": (2.0, 2.0, "code"),
          "essay": (None, 1.0, "markdown")}


@pytest.fixture
def rows():
    return {r.grade_id: r for r in graded_cells(GRADES, AUTOGRADED, cell_timeout=30)}


def test_failure_messages_say_what_failed_and_nothing_more(rows):
    assert rows["t_checks"].message == "add_one: [int32 vector] wrong values (5 of 5 differ)"
    assert rows["t_bare"].message == NO_MESSAGE          # never the assert's source line
    assert len(rows["t_long"].message) == MAX_MESSAGE and rows["t_long"].message.startswith("add_one: [case]")
    assert rows["t_todo"].message == "not implemented yet"
    assert rows["t_multiline"].message == "Not equal to tolerance rtol=1e-07"  # the array dump is dropped
    assert (rows["t_pass"].result, rows["t_pass"].message) == ("PASS", "")
    assert (rows["essay"].kind, rows["essay"].result) == ("written", "awaiting grading")


def test_rows_follow_notebook_order(rows):
    assert list(rows) == ["t_checks", "t_bare", "t_long", "t_todo", "t_multiline", "t_pass", "essay"]


def test_page_shows_scores_messages_and_answers_but_no_hidden_text(rows):
    submitted = {"cells": [
        _cell("code", "def add_one(x):\n    return x + 2  # <script>alert(1)</script>\n", solution=True,
              grade=False, grade_id="add_one"),
        _cell("code", "def double(x) return 2 * x\n", solution=True, grade=False, grade_id="double"),
        _cell("code", "assert add_one(1) == 2  # a locked cell the student kept", grade=True, grade_id="t_checks",
              solution=False),
        _cell("markdown", "Because BLAS uses tiles.", solution=True, grade=True, grade_id="essay"),
    ]}
    module = load_course(FIXTURE_COURSE).resolve("99")
    errors = answer_errors(AUTOGRADED, cell_timeout=30)
    assert errors == {"double": "SyntaxError: invalid syntax (1234.py, line 1)"}   # test cells are not answers
    page = render_graded_page(module, "alice", list(rows.values()), student_answers(submitted), errors)
    assert "Score: 2 / 8 points" in page and "1 of 6 autograded test cells pass" in page
    assert "add_one: [int32 vector] wrong values (5 of 5 differ)" in page and NO_MESSAGE in page
    assert "return x + 2" in page and "Because BLAS uses tiles." in page       # the student's own answers
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "this cell raised: <span class=\"msg FAIL\">SyntaxError: invalid syntax" in page
    for secret in (HIDDEN_LINE, "SECRET", "HIDDEN TESTS", PRINTED_SECRET, "99.25", "x: array", "locked cell"):
        assert secret not in page, f"the page shows {secret!r}"


@pytest.mark.parametrize("status, must_say", [
    ("timeout", "did not finish within the time limit"), ("crashed", "stopped before grading finished"),
    ("malformed", "could not be read as a Jupyter notebook"), ("missing", "No notebook was found"),
    ("flagged", "under review by your instructor")])
def test_status_pages(status, must_say):
    module = load_course(FIXTURE_COURSE).resolve("99")
    page = render_status_page(module, "bob", status, "RULE-DETAIL: imports tinytorch.demo")
    assert must_say in page
    # A report message about the student's own file helps them; for crashes and flags it is instructor detail.
    assert ("RULE-DETAIL" in page) == (status in ("timeout", "malformed", "missing"))


def _write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def test_batch_without_gradebook_writes_status_pages_and_keeps_flags_for_the_instructor(tmp_path):
    "Every reported submission gets a page, a broken report row gets an error page, and the batch goes on."
    runner = NbgraderRunner(load_course(FIXTURE_COURSE), tmp_path / "grading")
    reports = runner.grading_dir / "reports"
    _write_csv(reports / "autograde_report.csv", ["student", "module", "status", "score", "max_score", "message"], [
        ["ann", "99_demo", "timeout", "0", "3", "stopped after 120 s (notebook_timeout)"],
        ["ben", "99_demo", "flagged", "3", "3", "integrity: imports the reference solution"],
        ["cat", "99_demo", "crashed", "not-a-number", "3", "nbgrader failed"],   # corrupt row: an error page
        ["dan", "99_demo", "graded", "3", "3", "all autograded tests passed"],   # no gradebook: nothing to show
    ])
    _write_csv(reports / "integrity_flags.csv", ["student", "module", "cell", "line", "rule", "reason"],
               [["ben", "99", "add_one", "2", "imports-export-target", "imports tinytorch.demo"]])
    pages = {p.student: p for p in write_feedback(runner, [runner.course.resolve("99")])}
    assert {s: p.status for s, p in pages.items()} == {"ann": "timeout", "ben": "flagged", "cat": "error",
                                                       "dan": "missing"}
    assert "ValueError" in pages["cat"].error
    texts = {s: p.path.read_text() for s, p in pages.items()}
    assert "stopped after 120 s" in texts["ann"] and "could not be generated" in texts["cat"]
    assert "under review" in texts["ben"]
    for secret in ("imports-export-target", "tinytorch.demo", "integrity", "3 / 3"):
        assert secret not in texts["ben"], f"the flagged student's page shows {secret!r}"
    summary = render_summary(list(pages.values()), reports / "summary.html")
    assert "imports-export-target" in summary and "imports tinytorch.demo" in summary
    assert 'href="../feedback/ben/99_demo/demo.html"' in summary


def test_flags_file_is_optional_and_modules_map_to_folders(tmp_path):
    course = load_course(FIXTURE_COURSE)
    assert read_flags(tmp_path, course) == {}
    _write_csv(tmp_path / "reports" / "integrity_flags.csv", ["student", "module", "cell", "line", "rule", "reason"],
               [["ann", "demo", "c", "1", "r", "why"], ["ann", "nosuchmodule", "c", "1", "r", "why"]])
    assert set(read_flags(tmp_path, course)) == {("ann", "99_demo"), ("ann", "nosuchmodule")}
