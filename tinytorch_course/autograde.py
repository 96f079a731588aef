"""Autograde a folder of submissions, one isolated nbgrader process per student × module (hand-written).

    SUBMISSIONS/<student>/<module folder>/<notebook>.ipynb

For each student × module: validate the file (present under the released name, readable JSON, a valid notebook),
copy it to <grading>/submitted/, scan it for tampering (integrity.py), run `nbgrader autograde` for that one student
in its own subprocess (wall-clock timeout, memory cap, per-cell timeout; see nbgrader_runner), then read the score
from the gradebook. Whatever goes wrong with one submission (malformed file, crash, hang, sys.exit) is recorded for
that submission only, scored 0, and the batch goes on. Results go to <grading>/reports/autograde_report.csv and
<grading>/grades.csv; integrity flags to <grading>/reports/integrity_flags.csv (+ .md).

A submission the static scan flags is NOT executed (a notebook that tampers with the grader gets no kernel on the
grading machine): its copy stays in submitted/ for review, the gradebook gets a submission whose every grade is a
manual score of 0 (so grades.csv and formgrader show 0; an instructor who clears the flag can regrade by hand), and
the report says status `flagged` with the rules that fired. A submission that passes the scan runs under the runtime
guard (guard.py); if the guard saw a watched function replaced, the executed submission is zeroed the same way.
"""
import csv
import json
import shutil
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm.auto import tqdm

from .course import CourseError, Module
from .integrity import Flag, scan_notebook
from .nbgrader_runner import NbgraderRunner

__all__ = ["SubmissionResult", "find_students", "submitted_modules", "validate_submission", "autograde_batch",
           "write_report", "write_flags", "format_table", "format_flags", "cell_scores", "scan_submission",
           "STATUSES", "REPORT_COLUMNS", "FLAG_COLUMNS"]

STATUSES = ("graded", "flagged", "malformed", "timeout", "crashed", "missing")
# The two report files other tools read (the feedback summary among them): keep these columns stable.
REPORT_COLUMNS = ("student", "module", "status", "score", "max_score", "message")
FLAG_COLUMNS = ("student", "module", "cell", "line", "rule", "reason")


@dataclass
class SubmissionResult:
    """One row of the autograde report. `score`/`max_score` in points; `status` is one of STATUSES; `flags` the
    integrity Flags that zeroed it (not a report column: they go to integrity_flags.csv)."""
    student: str
    module: str
    status: str
    score: float
    max_score: float
    message: str
    flags: tuple = field(default=(), compare=False)


def find_students(submissions_dir: Path) -> list:
    "Student ids = the sub-directories of SUBMISSIONS_DIR (hidden and '_'-prefixed ones skipped), sorted."
    return sorted(p.name for p in Path(submissions_dir).iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))


def submitted_modules(course, submissions_dir: Path, students) -> list:
    "The course modules that at least one student has a folder for, in course order."
    root = Path(submissions_dir)
    return [m for m in course.modules if any((root / s / m.folder).is_dir() for s in students)]


def validate_submission(submissions_dir: Path, student: str, module: Module):
    """Check one submission before spending a kernel on it.

    Returns (status, message): ('ok', path) when gradable, else ('missing' | 'malformed', one-line reason)."""
    folder = Path(submissions_dir) / student / module.folder
    path = folder / module.notebook
    if not path.is_file():
        if not folder.is_dir():
            return "missing", f"no folder {module.folder}/ in {student}/"
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        hint = f" (found {', '.join(others)}; the file must keep its released name)" if others else ""
        return "missing", f"expected {student}/{module.folder}/{module.notebook}{hint}"
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        return "malformed", f"malformed notebook: {err}"
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # noqa: BLE001 - nbformat raises several types; any of them means "not a notebook"
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return "malformed", f"malformed notebook: {first}"
    return "ok", str(path)


def _forget_submission(runner, module: Module, student: str):
    """Remove a previous grading of this student × module (files and gradebook row), so a resubmission that is now
    malformed, missing or crashing cannot keep an old score; keep the student so grades.csv lists them with 0."""
    from nbgrader.api import MissingEntry
    for sub in ("submitted", "autograded", "feedback"):
        shutil.rmtree(runner.grading_dir / sub / student / module.folder, ignore_errors=True)
    runner.guard_verdict_path(module, student).unlink(missing_ok=True)
    with runner.gradebook() as gb:
        gb.update_or_create_student(student)
        try:
            gb.remove_submission(module.folder, student)
        except MissingEntry:
            pass


def cell_scores(runner, module: Module, student: str) -> dict:
    """{grade_id: (score, max_score)} for every graded code cell (the autograded ones) of a submission; manually
    graded markdown answers are left out. Raises nbgrader.api.MissingEntry if there is no such submission."""
    with runner.gradebook() as gb:
        sub = gb.find_submission(module.folder, student)
        return {g.name: (float(g.score), float(g.max_score))
                for nb in sub.notebooks for g in nb.grades if g.cell.cell_type == "code"}


def _read_score(runner, module: Module, student: str) -> SubmissionResult:
    """Score and failed test cells of a graded submission, from the gradebook (never from nbgrader's exit code).
    The score counts autograded cells; written answers add their points once graded by hand (formgrader)."""
    from nbgrader.api import MissingEntry
    with runner.gradebook() as gb:
        try:
            sub = gb.find_submission(module.folder, student)
        except MissingEntry:
            return SubmissionResult(student, module.folder, "crashed", 0.0, _max_score(runner, module),
                                    "nbgrader exited normally but recorded no submission")
        score, max_score, manual = float(sub.score), float(sub.max_score), bool(sub.needs_manual_grade)
    failed = sorted(gid for gid, (got, full) in cell_scores(runner, module, student).items() if got < full)
    message = "failed: " + ", ".join(failed) if failed else "all autograded tests passed"
    if manual:
        message += "; written answers await manual grading"
    return SubmissionResult(student, module.folder, "graded", score, max_score, message)


def _max_score(runner, module: Module) -> float:
    with runner.gradebook() as gb:
        return float(gb.find_assignment(module.folder).max_score)


def scan_submission(runner: NbgraderRunner, module: Module, path: Path) -> list:
    "Integrity flags of the notebook at `path`, compared with the module's release and source notebooks."
    nb = nbformat.read(str(path), as_version=4)
    released = nbformat.read(str(module.release_path(runner.grading_dir)), as_version=4)
    source_path = module.source_path(runner.course.root)
    source = nbformat.read(str(source_path), as_version=4) if source_path.is_file() else None
    return scan_notebook(nb, released, module, source)


def _flag_message(flags) -> str:
    "'integrity: rule (cell line N), ...; see reports/integrity_flags.csv' -- each rule once, first place found."
    first = {}
    for f in flags:
        first.setdefault(f.rule, f"{f.cell}" + (f" line {f.line}" if f.line else ""))
    shown = ", ".join(f"{rule} ({where})" for rule, where in first.items())
    return f"integrity: {shown}; scored 0, see reports/integrity_flags.csv"


def runtime_flags(runner, module: Module, student: str) -> list:
    """Flags from the runtime guard's verdict file (guard.py). No file after a completed nbgrader run means the
    guard did not run (e.g. a hand-written nbgrader_config.py without tinytorch's configure()): that is a flag too,
    since integrity checks are not optional."""
    path = runner.guard_verdict_path(module, student)
    try:
        problems = json.loads(path.read_text())["problems"]
    except (OSError, ValueError, KeyError, TypeError):
        return [Flag("notebook", 0, "runtime-tamper", f"the runtime guard gave no verdict ({path.name} missing or "
                                                      f"unreadable; is GuardedExecute configured?)")]
    return [Flag(p["before"], 0, "runtime-tamper", f"{p['problem']} (seen before {p['before']})") for p in problems]


def _record_flagged(runner, module: Module, student: str):
    """A gradebook submission for a flagged notebook (created if the notebook never ran): every grade gets a manual
    score of 0 and the notebook is marked flagged, so grades.csv and formgrader show 0 (nbgrader uses a manual score
    over the automatic one)."""
    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SAWarning
    with runner.gradebook() as gb:
        gb.update_or_create_student(student)
        try:
            sub = gb.find_submission(module.folder, student)
        except MissingEntry:
            with warnings.catch_warnings():  # nbgrader's own add_submission trips SQLAlchemy's autoflush warning
                warnings.simplefilter("ignore", SAWarning)
                sub = gb.add_submission(module.folder, student)
        for nb in sub.notebooks:
            nb.flagged = True
            for grade in nb.grades:
                grade.manual_score = 0.0
        gb.db.commit()


def _flagged(runner, module: Module, student: str, flags) -> SubmissionResult:
    "Zero a flagged submission in the gradebook and report it."
    _record_flagged(runner, module, student)
    return SubmissionResult(student, module.folder, "flagged", 0.0, _max_score(runner, module),
                            _flag_message(flags), tuple(flags))


def grade_one(runner: NbgraderRunner, submissions_dir: Path, student: str, module: Module) -> SubmissionResult:
    "Validate, copy, scan and autograde one student's notebook for one module, in its own nbgrader process."
    _forget_submission(runner, module, student)  # an earlier grading must not survive whatever happens now
    status, detail = validate_submission(submissions_dir, student, module)
    if status != "ok":
        return SubmissionResult(student, module.folder, status, 0.0, _max_score(runner, module), detail)
    dest = module.submitted_path(runner.grading_dir, student)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(detail, dest)
    try:
        flags = scan_submission(runner, module, dest)
    except Exception as err:  # noqa: BLE001 - a scanner bug must cost one submission (visibly), not the batch
        return SubmissionResult(student, module.folder, "crashed", 0.0, _max_score(runner, module),
                                f"integrity scan failed, not graded (a bug: please report): "
                                f"{type(err).__name__}: {err}")
    if flags:
        return _flagged(runner, module, student, flags)
    res = runner.autograde(module, student)  # (_forget_submission removed any earlier guard verdict)
    if res.timed_out:
        _forget_submission(runner, module, student)
        return SubmissionResult(student, module.folder, "timeout", 0.0, _max_score(runner, module),
                                f"stopped after {runner.course.notebook_timeout} s (notebook_timeout)")
    if res.returncode != 0:
        _forget_submission(runner, module, student)
        message = f"nbgrader failed (exit {res.returncode}): {res.error_line()}"
        if "before replying to kernel_info" in message:  # the kernel could not even start
            message += (f" (if every submission fails like this, settings.ini memory_limit_mb = "
                        f"{runner.course.memory_limit_mb} is too low for this machine)")
        return SubmissionResult(student, module.folder, "crashed", 0.0, _max_score(runner, module), message)
    flags = runtime_flags(runner, module, student)
    if flags:
        return _flagged(runner, module, student, flags)
    return _read_score(runner, module, student)


def autograde_batch(runner: NbgraderRunner, submissions_dir, modules=None, progress=True) -> list:
    """Grade every student × module under `submissions_dir`; returns one SubmissionResult per pair.

    `modules`: Module objects (default: every course module some student has a folder for)."""
    submissions_dir = Path(submissions_dir).resolve()
    if not submissions_dir.is_dir():
        raise CourseError(f"submissions folder not found: expected a directory at {submissions_dir}")
    students = find_students(submissions_dir)
    if not students:
        raise CourseError(f"no submissions in {submissions_dir}: expected <student>/<module folder>/<notebook>.ipynb")
    if modules is None:
        modules = submitted_modules(runner.course, submissions_dir, students)
        if not modules:
            raise CourseError(f"no module folders in {submissions_dir}/<student>/: expected one of "
                              f"{runner.course.module_names()}")
    for m in modules:
        runner.ensure_released(m)  # fills the gradebook; autograde needs the assignment there
    results = []
    pairs = [(s, m) for s in students for m in modules]
    for student, module in tqdm(pairs, desc="autograde", unit="notebook", file=sys.stderr, disable=not progress):
        results.append(grade_one(runner, submissions_dir, student, module))
    return results


def write_report(results, path: Path) -> Path:
    "Write results as CSV with REPORT_COLUMNS: student, module, status, score, max_score, message."
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(REPORT_COLUMNS)
        for r in results:
            w.writerow([getattr(r, c) for c in REPORT_COLUMNS])
    return path


def _flag_rows(results) -> list:
    return [(r.student, r.module, f.cell, f.line, f.rule, f.reason) for r in results for f in r.flags]


def write_flags(results, csv_path: Path) -> tuple:
    """Every integrity flag of `results`: CSV with FLAG_COLUMNS at `csv_path` and the same table as markdown next to
    it (.md). Both are written even when empty, so a clean batch overwrites an old report. Returns both paths."""
    csv_path = Path(csv_path)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    rows = _flag_rows(results)
    with csv_path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(FLAG_COLUMNS)
        w.writerows(rows)
    md_path = csv_path.with_suffix(".md")
    lines = ["# Integrity flags", "",
             f"{len({(r[0], r[1]) for r in rows})} flagged submission(s), {len(rows)} flag(s). A flagged submission "
             f"scores 0: statically flagged ones were never run, `runtime-tamper` ones ran under the runtime guard. "
             f"Rules: tinytorch_course/integrity.py (RULES).", ""]
    if rows:
        lines += ["| " + " | ".join(FLAG_COLUMNS) + " |", "|" + "---|" * len(FLAG_COLUMNS)]
        lines += ["| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |" for row in rows]
    md_path.write_text("\n".join(lines) + "\n")
    return csv_path, md_path


def format_flags(results) -> str:
    "The flags summary the CLI prints: one line per flag, or a line saying there were none."
    rows = _flag_rows(results)
    if not rows:
        return "integrity: no flags"
    out = [f"integrity: {len(rows)} flag(s) in {len({(r[0], r[1]) for r in rows})} submission(s), scored 0:"]
    out += [f"  {s}  {m}  {cell}" + (f" line {line}" if line else "") + f"  {rule}: {reason}"
            for s, m, cell, line, rule, reason in rows]
    return "\n".join(out)


def format_table(results) -> str:
    "A plain-text summary: student, module, score/max, status, message."
    rows = [("student", "module", "score", "status", "message")]
    rows += [(r.student, r.module, f"{r.score:g}/{r.max_score:g}", r.status, r.message) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4] for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)
