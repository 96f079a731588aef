"""The student side of the CLI: fetch a release notebook, run its visible tests (hand-written, not generated)."""
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .course import Course, CourseError, Module
from .nbgrader_runner import NbgraderRunner

__all__ = ["fetch", "CellResult", "CheckReport", "check_notebook", "format_check", "format_progress",
           "failure_reason", "fetch_installed"]


def _release_is_stale(runner: NbgraderRunner, module: Module) -> bool:
    release = module.release_path(runner.grading_dir)
    return release.stat().st_mtime < module.source_path(runner.course.root).stat().st_mtime


def fetch(runner: NbgraderRunner, module: Module, dest_dir, force=False) -> Path:
    """Copy the release notebook of `module` to <dest_dir>/<folder>/<notebook>, releasing it first if it is
    missing or older than its source. Refuses to overwrite an existing file unless `force`."""
    dest = Path(dest_dir).resolve() / module.folder / module.notebook
    if dest.exists() and not force:
        raise CourseError(f"{dest} already exists (your work?); pass --force to overwrite it")
    release = module.release_path(runner.grading_dir)
    if not runner.is_released(module) or _release_is_stale(runner, module):
        try:
            runner.release(module)
        except CourseError as err:
            if not release.is_file():
                raise
            print(f"tinytorch: warning: using the existing release ({err})", file=sys.stderr)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(release, dest)
    return dest


def fetch_installed(module: Module, course_root: Path, dest_dir, force=False) -> Path:
    """A student install: copy the release notebook shipped in the package (<course_root>/modules/<folder>/<nb>)
    to <dest_dir>/<folder>/<notebook>. Refuses to overwrite an existing file unless `force`."""
    dest = Path(dest_dir).resolve() / module.folder / module.notebook
    if dest.exists() and not force:
        raise CourseError(f"{dest} already exists (your work?); pass --force to overwrite it")
    src = module.source_path(course_root)
    if not src.is_file():
        raise CourseError(f"the installed course has no notebook for {module.folder}: expected {src} "
                          "(reinstall the student wheel)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest


@dataclass
class CellResult:
    "One graded test cell after running the notebook: `passed`, and if not, one line saying why."
    grade_id: str
    points: float
    passed: bool
    reason: str = ""


def failure_reason(cell, cell_timeout) -> str:
    "Why a test cell failed (first line of its error; stderr output also fails under nbgrader), or '' if it passed."
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            if out.get("ename") == "NotImplementedError":
                return "not implemented yet"
            if out.get("ename") == "KeyboardInterrupt":  # how nbclient stops a cell at the timeout
                return f"timed out: the cell ran longer than {cell_timeout} s (settings.ini cell_timeout)"
            value = (out.get("evalue") or "").strip().splitlines()
            return f"{out.get('ename')}: {value[0]}" if value else str(out.get("ename"))
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            first = (out.get("text") or "").strip().splitlines()
            return "wrote to stderr (graded as a failure): " + (first[0] if first else "")
    return ""


@dataclass
class CheckReport:
    """What `check_notebook` found: a CellResult per graded test cell, the manually graded answers
    {grade_id: points}, and the run's status as grading reports it ('graded', 'timeout', 'crashed') + message."""
    cells: list
    manual: dict
    status: str = "graded"
    message: str = ""

    @property
    def ok(self) -> bool:
        "Everything that can pass passed: the run completed and every visible test cell passed."
        return self.status == "graded" and all(r.passed for r in self.cells)


def check_notebook(path, course: Course, release=None, seed=0, progress=None) -> CheckReport:
    """Grade the visible tests of the notebook at `path` exactly as autograde does (your cells in a kernel — in the
    sandbox where bubblewrap is available, else with the graded module's reference hidden from it — and the test
    cells in a separate checker process that decides), through the grader's own code path (checker.py, with the
    release notebook in the role of the source: no hidden tests). `release`: the module's release notebook (the
    test cells come from it, so an edited test cell cannot pass), else your notebook. `progress(line: str)` gets
    one line per cell as it finishes."""
    from .checker import checker_job, run_checker_process

    path = Path(path).resolve()
    if not path.is_file():
        raise CourseError(f"no notebook to check: expected {path}")
    module = next((m for m in course.modules if m.notebook == path.name), None)
    tests = Path(release) if release and Path(release).is_file() else path
    on_cell = (lambda entry: progress(format_progress(entry))) if progress else None
    result = run_checker_process(checker_job(course, tests, tests, path, module.export if module else "", seed,
                                             allow_unsandboxed=True), course.notebook_timeout + 120,
                                 progress=on_cell)
    if result.get("status") == "malformed":
        raise CourseError(f"malformed notebook {path}: {result.get('message')}")
    cells = [CellResult(c["grade_id"], float(c.get("points", 0)), bool(c.get("passed")), _reason(c.get("message")))
             for c in result.get("cells", [])]
    return CheckReport(cells, dict(result.get("manual") or {}), str(result.get("status") or "crashed"),
                       str(result.get("message") or ""))


def format_progress(entry: dict) -> str:
    "One line for a finished cell: '[ 7/40] PASS test_matmul_naive (2 pt) 0.4 s' or '[ 6/40] ran matmul_naive'."
    head = f"[{entry['index']:>{len(str(entry['total']))}}/{entry['total']}]"
    secs = f" {entry['seconds']:.1f} s" if isinstance(entry.get("seconds"), (int, float)) else ""
    if entry["where"] == "checker":
        line = f"{head} {'PASS' if entry['ok'] else 'FAIL'}  {entry['grade_id']} ({entry['points']:g} pt){secs}"
        return line if entry["ok"] else f"{line}: {_reason(entry.get('message'))}"
    what = entry.get("grade_id") or ("your cell" if entry.get("origin") == "student" else "a given cell")
    line = f"{head} ran  {what}{secs}"
    last = ((entry.get("message") or "").strip().splitlines() or ["?"])[-1]
    return line if entry["ok"] else f"{line}: error: {last}"


def _reason(message) -> str:
    message = (message or "").strip()
    if message.startswith("NotImplementedError"):
        return "not implemented yet"
    return message


def format_check(report: CheckReport) -> str:
    """FAIL lines, the manually graded answers ('awaiting manual grading (N pt)') and a total (visible tests only;
    hidden tests run at grading time)."""
    lines = [f"FAIL  {r.grade_id} ({r.points:g} pt): {r.reason}" for r in report.cells if not r.passed]
    lines += [f"MANUAL  {gid}: awaiting manual grading ({pts:g} pt)" for gid, pts in report.manual.items()]
    if report.status != "graded":
        lines.append(f"{report.status.upper()}: {report.message}")
    passed = [r for r in report.cells if r.passed]
    got, total = sum(r.points for r in passed), sum(r.points for r in report.cells)
    manual = sum(report.manual.values())
    lines.append(f"{len(passed)}/{len(report.cells)} test cells pass their visible tests ({got:g}/{total:g} pt"
                 + (f"; {manual:g} pt awaiting manual grading" if manual else "")
                 + "; hidden tests run when the notebook is graded)")
    return "\n".join(lines)
