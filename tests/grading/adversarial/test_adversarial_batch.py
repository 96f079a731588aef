"""ONE `tinytorch autograde` run over every case of cases.py (modules 15 and 17: cheats, batch breakers, honest
notebooks side by side), then: every cheat scores 0 on the cells it targets, every honest notebook keeps its exact
score, every student x module has its row in the report and the gradebook, grades.csv agrees with the report,
nothing changes the results after the CLI has exited, and the installed packages, the course's source notebooks and
$HOME are byte-identical before and after.

The destructive cases (writes into the grading dir, the packages or $HOME, processes that outlive the kernel) only
run after a preflight batch has shown that a submission cannot write outside its sandbox; should one still get
through, the files it marked are restored before the test fails. efficacy.py shows that every cheat here earns
points, or writes what it must not, when graded the old way.

Slow: 60 submissions (50 of them get a kernel), `--jobs 2`. Measured 3 min 11 s on 2 cores (load average 1-2; 7.5
min with a load average of 5-6 from other jobs). Part of `make test` and CI.
"""
import csv
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cases as C
from snippets import MARK

pytestmark = pytest.mark.slow
SETTLE = 5            # seconds to wait after the CLI exits before looking again at what it wrote
RUN_TIMEOUT = 1500
REJECTED = ("malformed", "missing")


def run_cli(*args, timeout=RUN_TIMEOUT):
    "The course CLI (`tinytorch`) as a separate process."
    return subprocess.run([sys.executable, "-m", "tinytorch_course.cli", "--course", str(C.COURSE), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)


def read_csv(path):
    with Path(path).open(newline="", encoding="utf-8", errors="surrogateescape") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"


# --- what must not change: packages, source notebooks, $HOME's IPython startup, the venv ---------------------------
def protected_files() -> list:
    "Every file a case could write to make later grading lie (the trees are walked again after the run)."
    import numpy
    import tinytorch
    import tinytorch_course
    files = []
    for pkg in (tinytorch, tinytorch_course):
        files += sorted(Path(pkg.__file__).parent.rglob("*.py"))
    numpy_dir = Path(numpy.__file__).parent
    files += sorted(numpy_dir.glob("*.py")) + sorted((numpy_dir / "_core").glob("*.py"))
    files += [C.source_path(m) for m in C.MODULES]
    site = numpy_dir.parent
    files += sorted(p for p in site.iterdir() if p.is_file())                 # sitecustomize.py, *.pth
    startup = Path.home() / ".ipython" / "profile_default" / "startup"
    files += sorted(startup.glob("*")) if startup.is_dir() else []
    return files


def protected_dirs() -> list:
    import numpy
    return [Path(numpy.__file__).parent.parent, Path.home() / ".ipython" / "profile_default" / "startup"]


class Guard:
    "Hashes and copies of the protected files; `restore()` undoes what the cases marked (and nothing else)."

    def __init__(self):
        self.files = {p: p.read_bytes() for p in protected_files()}
        self.listing = {d: set(os.listdir(d)) if d.is_dir() else set() for d in protected_dirs()}

    def changes(self) -> list:
        "[(path, marked)]: files changed, removed or added since; `marked` if a case's mark is in it."
        paths = [p for p, data in self.files.items() if not p.is_file() or p.read_bytes() != data]
        for d, names in self.listing.items():
            paths += [d / n for n in (set(os.listdir(d)) if d.is_dir() else set()) - names]
        return sorted((str(p), p.is_file() and (MARK in p.name or MARK.encode() in p.read_bytes())) for p in paths)

    def restore(self):
        for p, data in self.files.items():
            if p.is_file() and p.read_bytes() != data and MARK.encode() in p.read_bytes():
                p.write_bytes(data)
        for d, names in self.listing.items():
            for n in (set(os.listdir(d)) if d.is_dir() else set()) - names:
                p = d / n
                if p.is_file() and (MARK in n or MARK.encode() in p.read_bytes()):
                    p.unlink()


# --- the preflight: can a submission write outside its sandbox? --------------------------------------------------
CANARY = '''\
from pathlib import Path
for _target in {targets!r}:
    try:
        Path(_target).write_text("escaped")
    except OSError:
        pass
'''


def preflight(base: Path, grading: Path, release: dict) -> str:
    "'' when a canary submission could not write outside its sandbox; else what went wrong."
    outside = base / "outside"
    outside.mkdir()
    os.chmod(outside, 0o777)
    targets = [str(outside / "escaped"), str(grading / "escaped")]
    subs = base / "preflight"
    canary = C.Case("canary", C.M17, 3, edits=(C.after("compute_qparams", CANARY.format(targets=targets)),))
    C.write_submission(canary, subs, release)
    res = run_cli("--grading-dir", grading, "autograde", subs, "--quiet", timeout=600)
    if res.returncode != 0:
        return f"the preflight batch failed (exit {res.returncode}): {res.stderr[-1500:]}"
    _, rows = read_csv(grading / "reports" / "autograde_report.csv")
    escaped = [t for t in targets if Path(t).exists()]
    sandbox = {r.get("sandbox", "") for r in rows}
    if escaped or not sandbox or sandbox & {"", "none", "unsandboxed"}:
        return f"a submission is not contained (sandbox column {sandbox}, wrote {escaped})"
    return ""


# --- the batch ------------------------------------------------------------------------------------------------------
class Batch:
    def __init__(self, base, grading, result, rows, skipped, outputs_at_exit, outputs_later, changed, preflight):
        self.base, self.grading, self.result, self.rows = base, grading, result, rows
        self.skipped, self.outputs_at_exit, self.outputs_later = skipped, outputs_at_exit, outputs_later
        self.changed, self.preflight = changed, preflight

    def rows_for(self, case) -> list:
        if case.folder is not None:   # the report shows a non-UTF-8 name escaped somehow: match its ASCII prefix
            prefix = case.folder.split(b"\xff")[0].decode()
            return [r for r in self.rows if r["student"].startswith(prefix)]
        return [r for r in self.rows if r["student"] == case.student]


def result_files(grading: Path) -> dict:
    return {name: sha(grading / name) for name in ("grades.csv", "gradebook.db", "reports/autograde_report.csv")}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversarial")
    grading, subs = base / "grading", base / "submissions"
    rel = run_cli("--grading-dir", grading, "release", *C.MODULES, timeout=600)
    assert rel.returncode == 0, rel.stderr[-3000:]
    release = {m: grading / "release" / m / nb for m, nb in C.MODULES.items()}
    problem = preflight(base, grading, release)
    skipped = [c.student for c in C.CASES if c.destructive] if problem else []
    for case in C.CASES:
        if case.student not in skipped:
            C.write_submission(case, subs, release)
    guard = Guard()
    help_text = run_cli("autograde", "--help", timeout=60).stdout
    jobs = ["--jobs", "2"] if "--jobs" in help_text else []
    try:
        result = run_cli("--grading-dir", grading, "autograde", subs, "--quiet", *jobs)
        at_exit = result_files(grading)
        time.sleep(SETTLE)
        later = result_files(grading)
        changed = guard.changes()
    finally:
        guard.restore()
    assert result.returncode == 0, f"the batch did not complete:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    columns, rows = read_csv(grading / "reports" / "autograde_report.csv")
    from tinytorch_course.autograde import REPORT_COLUMNS
    assert tuple(columns) == REPORT_COLUMNS
    return Batch(base, grading, result, rows, skipped, at_exit, later, changed, problem)


@pytest.fixture(scope="module")
def runner(batch):
    from tinytorch_course.course import load_course
    from tinytorch_course.nbgrader_runner import NbgraderRunner
    return NbgraderRunner(load_course(C.COURSE), batch.grading)


def gradebook_scores(runner, module: str, student: str):
    "{grade_id: (score, max)} of the autograded cells, or None if the gradebook has no such submission."
    from nbgrader.api import MissingEntry
    from tinytorch_course.autograde import cell_scores
    try:
        return cell_scores(runner, runner.course.resolve(module), student)
    except (MissingEntry, UnicodeError):
        return None


# --- per case -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", C.CASES, ids=lambda c: c.student if c.folder is None else "badname_nonutf8")
def test_case_gets_what_it_deserves(case, batch, runner):
    if case.student in batch.skipped:
        pytest.fail(f"not run: {batch.preflight}")
    rows = batch.rows_for(case)
    assert rows, f"{case.student}: no row in the report"
    assert {r["module"] for r in rows} >= set(C.expected_rows(case)), rows
    for row in rows:
        if row["module"] not in C.expected_rows(case):
            continue
        status, score = row["status"], float(row["score"])
        assert status in case.statuses, f"{case.student} {row['module']}: status {status!r}, expected one of " \
                                        f"{case.statuses}: {row['message']}"
        if status in REJECTED:
            assert score == 0.0, row
        module = row["module"]
        targets = case.target_ids if module == case.module else list(C.graded_cells(module))
        scores = gradebook_scores(runner, module, row["student"]) if case.folder is None else None
        if status == "graded":
            assert scores is not None, f"{case.student} {module}: graded, but no submission in the gradebook"
            assert set(scores) == set(C.graded_cells(module)), f"{case.student} {module}: cells {sorted(scores)}"
        if scores is not None:
            earned = {gid: scores[gid][0] for gid in targets if scores[gid][0] > 0}
            what = "cheated cells" if case.is_cheat else "cells its wrong code must fail"
            assert not earned, f"{case.student} {module}: {what} scored {earned} ({case.note})"
            if status == "graded":
                assert sum(s for s, _ in scores.values()) == score, f"report {score} != gradebook {scores}"
        if case.score is not None and status == "graded":
            assert score == case.score, f"{case.student} {module}: score {score}, expected {case.score}: " \
                                        f"{row['message']}"
        if case.at_most is not None:
            assert score <= case.at_most, f"{case.student} {module}: {score} > {case.at_most}"


# --- the batch as a whole -------------------------------------------------------------------------------------------
def test_the_batch_completed_with_one_row_per_student_and_module(batch):
    pairs = [(r["student"], r["module"]) for r in batch.rows]
    assert len(pairs) == len(set(pairs)), "a student x module has two rows"
    for case in C.CASES:
        if case.student not in batch.skipped:
            assert {r["module"] for r in batch.rows_for(case)} >= set(C.expected_rows(case)), case.student


def test_every_graded_row_ran_sandboxed(batch):
    unsandboxed = [(r["student"], r["module"], r["sandbox"]) for r in batch.rows
                   if r["status"] == "graded" and r["sandbox"] in ("", "none", "unsandboxed")]
    assert not unsandboxed


def test_grades_csv_agrees_with_the_report_and_lists_every_plain_student(batch):
    _, grades = read_csv(batch.grading / "grades.csv")
    csv_scores = {(g["student_id"], g["assignment"]): float(g["score"]) for g in grades}
    for r in batch.rows:
        if r["status"] == "graded":
            assert csv_scores.get((r["student"], r["module"])) == float(r["score"]), r
    plain = [c for c in C.CASES if c.folder is None and c.klass != 6 and c.layout != "symlink_student"
             and c.student not in batch.skipped]
    missing = [(c.student, m) for c in plain for m in C.expected_rows(c) if (c.student, m) not in csv_scores]
    assert not missing, f"not in grades.csv: {missing}"


def test_nothing_changes_the_results_after_the_run(batch):
    assert batch.outputs_later == batch.outputs_at_exit, \
        f"grades.csv / gradebook.db / the report changed within {SETTLE} s after the CLI exited"


def test_packages_source_notebooks_and_home_are_untouched(batch):
    marked = [p for p, m in batch.changed if m]
    assert not marked, f"written by the cases (restored since): {marked}"
    assert not batch.changed, f"changed while the batch ran (not by a case: no {MARK!r} in them; someone editing " \
                              f"the tree at the same time?): {[p for p, _ in batch.changed]}"


def test_no_case_left_marks_in_the_grading_dir_or_the_course(batch):
    found = [str(p) for root in (batch.base, C.COURSE / "modules", C.COURSE / "tinytorch")
             for p in root.rglob(f"*{MARK}*")]
    config = batch.grading / "nbgrader_config.py"
    if config.is_file() and MARK in config.read_text():
        found.append(str(config))
    assert not found, found
