"""Fast grading round trip on a tiny fixture course (tests/grading/fixtures/course, module 99_demo: two tasks,
test_add_one = 2 points, test_double = 1 point).

One batch, graded once through the real CLI (`tinytorch autograde` in its own process), holds every kind of
submission we must survive: the instructor's source (full marks), the untouched release (0 on every test cell),
malformed JSON, an infinite loop, `sys.exit` (the cell fails, the kernel lives on; the advisory scan flags it), a
renamed file, an allocation above the memory cap and a kernel that dies. Each case is then checked on its own, from
the gradebook, the report CSV and grades.csv. (Deliberate cheating has its own batch: tests/grading/adversarial.)
A round trip through release, sandboxed kernels and the gradebook: about 2.5 minutes, so the slow tier.
"""
import csv
import dataclasses
import json
import re
import shutil

import psutil
import pytest
from nbgrader.api import MissingEntry

from _grading_helpers import (DEMO_SOURCE, FIXTURE_COURSE, notebook_with, put_submission, release_and_autograde,
                              run_cli)
from tinytorch_course.autograde import autograde_batch, cell_scores
from tinytorch_course.course import load_course
from tinytorch_course.nbgrader_runner import NbgraderRunner

pytestmark = pytest.mark.slow

FULL = {"test_add_one": (2.0, 2.0), "test_double": (1.0, 1.0)}

# A correct add_one that first reserves 3 GiB: np.zeros is lazy (no page is touched), so it only fails where the
# address space is capped (the fixture course sets memory_limit_mb = 2048).
GREEDY_ADD_ONE = ("import numpy as np\n"
                  "def add_one(x):\n"
                  "    reserve = np.zeros(3 * 1024**3, dtype=np.uint8)\n"
                  "    return x + 1\n")


def _submissions(root, release_nb):
    source = DEMO_SOURCE.read_text()
    put_submission(root, "alice", source)                                   # the instructor's own solution
    put_submission(root, "bob", release_nb.read_text())                     # handed in untouched
    put_submission(root, "carol", source[:300])                             # truncated JSON
    endless = "def double(x):\n    while True:\n        pass\n"
    put_submission(root, "dave", notebook_with(DEMO_SOURCE, "double", endless))
    put_submission(root, "erin", notebook_with(DEMO_SOURCE, "add_one",
                                               "import sys\nsys.exit(1)\ndef add_one(x):\n    return x + 1\n"))
    put_submission(root, "frank", source, name="demo (1).ipynb")            # renamed by the browser
    put_submission(root, "gina", notebook_with(DEMO_SOURCE, "add_one", GREEDY_ADD_ONE))
    # a segfault the static scan has no rule for: the kernel really dies
    put_submission(root, "hank", notebook_with(DEMO_SOURCE, "add_one",
                                               "import faulthandler\nfaulthandler._sigsegv()\n"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    "Release the fixture module, grade the batch with the CLI; returns (grading dir, CLI result, report rows)."
    return release_and_autograde(tmp_path_factory.mktemp("batch"), _submissions)


@pytest.fixture(scope="module")
def runner(batch):
    return NbgraderRunner(load_course(FIXTURE_COURSE), batch[0])


@pytest.fixture(scope="module")
def demo(runner):
    return runner.course.resolve("99")


def test_release_removes_solutions_and_hidden_tests(batch):
    text = (batch[0] / "release" / "99_demo" / "demo.ipynb").read_text()
    assert "raise NotImplementedError()" in text
    for secret in ("BEGIN SOLUTION", "return x + 1", "BEGIN HIDDEN TESTS", "int32 vector"):
        assert secret not in text


def test_source_scores_full_marks(runner, demo, batch):
    assert cell_scores(runner, demo, "alice") == FULL
    assert batch[2]["alice"]["status"] == "graded" and float(batch[2]["alice"]["score"]) == 3.0


def test_release_scores_zero_on_every_autograded_cell(runner, demo):
    scores = cell_scores(runner, demo, "bob")
    assert set(scores) == set(FULL)
    assert all(score == 0.0 for score, _ in scores.values()), scores


def test_malformed_json_is_reported_and_scored_zero(batch, runner, demo):
    row = batch[2]["carol"]
    assert row["status"] == "malformed" and float(row["score"]) == 0.0
    assert row["message"].startswith("malformed notebook: ")
    with pytest.raises(MissingEntry):  # never reached nbgrader
        cell_scores(runner, demo, "carol")


def test_infinite_loop_costs_only_that_cell(runner, demo, batch):
    assert cell_scores(runner, demo, "dave") == {"test_add_one": (2.0, 2.0), "test_double": (0.0, 1.0)}
    assert batch[2]["dave"]["status"] == "graded"


def test_sys_exit_costs_only_that_cell_and_is_flagged_for_review(runner, demo, batch):
    # sys.exit in a solution cell stops that cell (add_one is never defined); the kernel and the batch go on. The
    # advisory scan lists it for the instructor without changing the score.
    assert cell_scores(runner, demo, "erin") == {"test_add_one": (0.0, 2.0), "test_double": (1.0, 1.0)}
    assert batch[2]["erin"]["status"] == "graded"
    flags = (batch[0] / "reports" / "integrity_flags.csv").read_text()
    assert re.search(r"^erin,99_demo,add_one,2,process-exit,", flags, re.M), flags


def test_renamed_notebook_is_reported_missing_with_the_expected_name(batch):
    row = batch[2]["frank"]
    assert row["status"] == "missing" and float(row["score"]) == 0.0
    assert "frank/99_demo/demo.ipynb" in row["message"] and "demo (1).ipynb" in row["message"]


def test_allocation_above_the_memory_cap_fails_that_test(runner, demo):
    assert cell_scores(runner, demo, "gina") == {"test_add_one": (0.0, 2.0), "test_double": (1.0, 1.0)}


def test_dead_kernel_is_reported_crashed(batch, runner, demo):
    row = batch[2]["hank"]
    assert row["status"] == "crashed" and float(row["score"]) == 0.0
    assert "kernel died while running add_one" in row["message"], row["message"]


def test_report_grades_csv_and_summary_agree(batch):
    grading, res, rows = batch
    assert sorted(rows) == ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank"]
    with (grading / "grades.csv").open() as f:
        grades = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert grades == {s: float(r["score"]) for s, r in rows.items()}
    assert all(float(r["max_score"]) == 3.0 for r in rows.values())
    for student, row in rows.items():  # the printed table has one line per submission: student, score/max, status
        assert re.search(rf"^{student}\s+99_demo\s+{float(row['score']):g}/3\s+{row['status']}\b", res.stdout, re.M)


def test_grades_command_prints_totals(batch):
    res = run_cli("--course", FIXTURE_COURSE, "--grading-dir", batch[0], "grades")
    assert res.returncode == 0, res.stderr
    assert re.search(r"^alice\s+3/3$", res.stdout, re.M) and re.search(r"^dave\s+2/3$", res.stdout, re.M)


def test_feedback_pages_for_every_submission_and_a_summary(batch, tmp_path):
    """`tinytorch feedback` on a copy of the batch: every student gets a page (graded or saying what happened), one
    unreadable autograded notebook costs only that page, and integrity flags reach only the instructor's summary."""
    grading = tmp_path / "grading"
    shutil.copytree(batch[0], grading)
    (grading / "autograded" / "gina" / "99_demo" / "demo.ipynb").write_text("{ truncated")
    (grading / "reports" / "integrity_flags.csv").write_text(
        "student,module,cell,line,rule,reason\nalice,99_demo,add_one,2,numpy-patch,assigns np.array_equal\n")
    res = run_cli("--course", FIXTURE_COURSE, "--grading-dir", grading, "feedback")
    assert res.returncode == 1 and "feedback for gina/99_demo failed: JSONDecodeError" in res.stderr, res.stderr
    pages = {p.parts[-3]: p.read_text() for p in grading.glob("feedback/*/99_demo/demo.html")}
    assert sorted(pages) == ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank"]
    assert "Score: 3 / 3 points" in pages["alice"] and "numpy-patch" not in pages["alice"]
    assert "not implemented yet" in pages["bob"] and "Score: 0 / 3 points" in pages["bob"]
    assert "could not be read as a Jupyter notebook" in pages["carol"]
    assert re.search(r"test_double</td>.*FAIL.*timed out", pages["dave"])
    assert "Score: 1 / 3 points" in pages["erin"] and "process-exit" not in pages["erin"]   # flags: summary only
    assert "Keep the released file name" in pages["frank"] and "demo (1).ipynb" in pages["frank"]
    assert "could not be generated" in pages["gina"]
    assert "stopped before grading finished" in pages["hank"]
    for student, page in pages.items():
        for secret in ("BEGIN HIDDEN TESTS", "int32 vector", "default_rng", "check_equal", "check_close"):
            assert secret not in page, f"{student}'s page shows hidden test text {secret!r}"
    summary = (grading / "reports" / "summary.html").read_text()
    assert "numpy-patch" in summary and "assigns np.array_equal" in summary and str(grading / "reports") in res.stdout


def test_fetch_and_check(batch, tmp_path):
    grading = batch[0]
    loc = ("--course", FIXTURE_COURSE, "--grading-dir", grading)
    res = run_cli(*loc, "fetch", "99", "--dest", tmp_path)
    mine = tmp_path / "99_demo" / "demo.ipynb"
    assert res.returncode == 0 and mine.read_text() == (grading / "release" / "99_demo" / "demo.ipynb").read_text()

    again = run_cli(*loc, "fetch", "demo", "--dest", tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr and len(again.stderr.splitlines()) == 1
    assert run_cli(*loc, "fetch", "99_demo", "--dest", tmp_path, "--force").returncode == 0

    todo = run_cli(*loc, "check", "99", cwd=tmp_path)  # default path ./99_demo/demo.ipynb
    assert todo.returncode == 1
    assert "FAIL  test_add_one (2 pt): not implemented yet" in todo.stdout
    assert "FAIL  test_double (1 pt): not implemented yet" in todo.stdout

    mine.write_text(notebook_with(mine, "add_one", "def add_one(x):\n    return x + 1\n"))
    mine.write_text(notebook_with(mine, "double", "def double(x):\n    while True:\n        pass\n"))
    half = run_cli(*loc, "check", "99", mine)
    assert half.returncode == 1
    assert "PASS  test_add_one (2 pt)" in half.stdout
    assert "FAIL  test_double (1 pt): timed out" in half.stdout

    done = run_cli(*loc, "check", "99", DEMO_SOURCE)
    assert done.returncode == 0 and done.stdout.count("PASS") == 2, done.stdout


@pytest.fixture(scope="module")
def spare(tmp_path_factory):
    "A second released grading dir for tests that change the limits (each test uses its own student ids)."
    runner = NbgraderRunner(load_course(FIXTURE_COURSE), tmp_path_factory.mktemp("spare") / "grading")
    runner.release(runner.course.resolve("99"))
    return runner


def _with_limits(runner, **limits):
    "The same grading dir, with some settings.ini [autograde] values replaced."
    return NbgraderRunner(dataclasses.replace(runner.course, **limits), runner.grading_dir)


def test_without_the_cap_the_greedy_submission_passes(spare, tmp_path):
    "Control for the memory-cap test: the same notebook scores full marks when the cap is far above 3 GiB."
    put_submission(tmp_path, "gina2", notebook_with(DEMO_SOURCE, "add_one", GREEDY_ADD_ONE))
    [result] = autograde_batch(_with_limits(spare, memory_limit_mb=16384), tmp_path, progress=False)
    assert (result.status, result.score) == ("graded", 3.0), result


HANG = "import os\nif os.fork() == 0:\n    os.setsid()\nwhile True:\n    pass\n"   # and a detached child that hangs too


def _kernel_pids(run_id) -> list:
    "Live processes of one grading run: every kernel (and what it forked) carries TINYTORCH_RUN_ID in its environment."
    pids = []
    for p in psutil.process_iter():
        try:
            if p.environ().get("TINYTORCH_RUN_ID") == run_id and p.status() != psutil.STATUS_ZOMBIE:
                pids.append(p.pid)
        except psutil.Error:
            continue
    return pids


def test_failed_resubmissions_drop_old_scores_and_hangs_are_killed(spare, tmp_path):
    demo = spare.course.resolve("99")
    subs = tmp_path / "subs"
    for student in ("ivan", "judy"):
        put_submission(subs, student, DEMO_SOURCE.read_text())
    first = autograde_batch(spare, subs, progress=False)
    assert [(r.status, r.score) for r in first] == [("graded", 3.0)] * 2

    # ivan's resubmission hangs at top level: with a cell timeout longer than the notebook timeout, the wall clock
    # stops it. judy's resubmission is not JSON. Neither may keep the earlier full marks.
    put_submission(subs, "ivan", notebook_with(DEMO_SOURCE, "add_one", HANG))
    put_submission(subs, "judy", "{ not json")
    ivan, judy = autograde_batch(_with_limits(spare, cell_timeout=600, notebook_timeout=15), subs, progress=False)
    assert (ivan.status, ivan.score, ivan.max_score) == ("timeout", 0.0, 3.0) and "15 s" in ivan.message
    assert (judy.status, judy.score) == ("malformed", 0.0)
    for student in ("ivan", "judy"):
        with pytest.raises(MissingEntry):
            cell_scores(spare, demo, student)
        assert not (spare.grading_dir / "submitted" / student / "99_demo").exists()
    run_id = json.loads((spare.grading_dir / "reports" / "autograde_run.json").read_text())["run_id"]
    assert not _kernel_pids(run_id), "kernel processes left running after the batch"


def test_valid_json_that_is_not_a_notebook_is_malformed(tmp_path):
    from tinytorch_course.assemble import MalformedNotebook, load_notebook_json
    path = tmp_path / "demo.ipynb"
    for text, says in ((json.dumps({"cells": "nope"}), "'cells' list"), ("[" * 100_000 + "]" * 100_000, "nested"),
                       (json.dumps({"cells": [{"cell_type": "code", "source": 3}]}), "source must be text"),
                       (b"\xff\xfe{}", "not UTF-8")):
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        with pytest.raises(MalformedNotebook, match=says):
            load_notebook_json(path)
    path.write_text(DEMO_SOURCE.read_text())
    assert load_notebook_json(path)["cells"]


def test_a_second_run_grades_only_what_changed(spare, tmp_path):
    subs = tmp_path / "subs"
    for student in ("kim", "lee"):
        put_submission(subs, student, DEMO_SOURCE.read_text())
    assert [(r.status, r.score) for r in autograde_batch(spare, subs, progress=False)] == [("graded", 3.0)] * 2
    put_submission(subs, "lee", notebook_with(DEMO_SOURCE, "double", "def double(x):\n    return x * 3\n"))
    kim, lee = autograde_batch(spare, subs, progress=False)
    assert (kim.status, kim.score) == ("graded", 3.0) and "unchanged since the last run" in kim.message
    assert (lee.status, lee.score) == ("graded", 2.0) and "unchanged" not in lee.message
    kim, lee = autograde_batch(_with_limits(spare, cell_timeout=29), subs, progress=False)   # new limits: regraded
    assert "unchanged" not in kim.message and (kim.score, lee.score) == (3.0, 2.0)
    again = autograde_batch(_with_limits(spare, cell_timeout=29), subs, progress=False, regrade=True)
    assert [r.score for r in again] == [3.0, 2.0] and not any("unchanged" in r.message for r in again)


def test_ctrl_c_finishes_the_running_submission_and_the_next_run_grades_the_rest(spare, tmp_path):
    """SIGINT while the second of three submissions runs (--jobs 1): it finishes and is recorded, the third is
    reported 'interrupted', exit 130; the next run keeps the first two and grades only the third."""
    import signal
    import subprocess
    import sys
    import time
    subs = tmp_path / "subs"
    put_submission(subs, "m-first", DEMO_SOURCE.read_text())
    put_submission(subs, "n-slow", notebook_with(DEMO_SOURCE, "double",
                                                 "import time\ntime.sleep(6)\ndef double(x):\n    return 2 * x\n"))
    put_submission(subs, "o-last", DEMO_SOURCE.read_text())
    argv = [sys.executable, "-m", "tinytorch_course.cli", "--course", str(FIXTURE_COURSE), "--grading-dir",
            str(spare.grading_dir), "autograde", str(subs), "--jobs", "1", "--quiet"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ledger = spare.grading_dir / "autograde_ledger.json"
    deadline = time.monotonic() + 120
    while not (ledger.exists() and "m-first/" in ledger.read_text()):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.1)
    time.sleep(1.0)                                        # n-slow is now in its 6 s cell
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    with (spare.grading_dir / "reports" / "autograde_report.csv").open(newline="") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert [rows[s]["status"] for s in ("m-first", "n-slow", "o-last")] == ["graded", "graded", "interrupted"], rows
    demo = spare.course.resolve("99")
    with pytest.raises(MissingEntry):
        cell_scores(spare, demo, "o-last")
    first, slow, last = autograde_batch(spare, subs, progress=False)
    assert "unchanged" in first.message and "unchanged" in slow.message
    assert (last.status, last.score) == ("graded", 3.0) and "unchanged" not in last.message


def test_the_gradebook_can_live_at_a_database_url(tmp_path):
    "--db URL is nbgrader's own db_url (a PostgreSQL URL for several instructors); here a SQLite file elsewhere."
    grading, subs, db = tmp_path / "grading", tmp_path / "subs", tmp_path / "shared" / "class.sqlite"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    assert run_cli("--course", FIXTURE_COURSE, "--grading-dir", grading, "--gradebook", url, "release").returncode == 0
    put_submission(subs, "uma", DEMO_SOURCE.read_text())
    res = run_cli("--course", FIXTURE_COURSE, "--grading-dir", grading, "--gradebook", url, "autograde", subs,
                  "--quiet")
    assert res.returncode == 0, res.stderr[-2000:]
    totals = run_cli("--course", FIXTURE_COURSE, "--grading-dir", grading, "--gradebook", url, "grades")
    assert totals.returncode == 0 and "uma" in totals.stdout and "3/3" in totals.stdout, totals.stdout
    assert db.is_file() and not (grading / "gradebook.db").exists()
