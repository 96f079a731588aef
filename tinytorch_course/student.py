"""The student side of the CLI: fetch a release notebook, run its visible tests (hand-written, not generated)."""
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .course import Course, CourseError, Module
from .nbgrader_runner import NbgraderRunner

__all__ = ["fetch", "CellResult", "check_notebook", "format_check", "failure_reason"]


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


def check_notebook(path, course: Course, release=None, seed=0) -> list:
    """Grade the visible tests of the notebook at `path` exactly as autograde does (your cells in a kernel — in the
    sandbox where bubblewrap is available — and the test cells in a separate checker process that decides), and
    return a CellResult per graded test cell, in order. The test cells come from the module's release notebook
    `release` when given (so an edited test cell cannot pass), else from your notebook."""
    from .checker import checker_job, run_checker_process

    path = Path(path).resolve()
    if not path.is_file():
        raise CourseError(f"no notebook to check: expected {path}")
    module = next((m for m in course.modules if m.notebook == path.name), None)
    tests = Path(release) if release and Path(release).is_file() else path
    result = run_checker_process(checker_job(course, tests, tests, path, module.export if module else "", seed,
                                             allow_unsandboxed=True), course.notebook_timeout + 120)
    if result.get("status") == "malformed":
        raise CourseError(f"malformed notebook {path}: {result.get('message')}")
    return [CellResult(c["grade_id"], float(c.get("points", 0)), bool(c.get("passed")), _reason(c.get("message")))
            for c in result.get("cells", [])]


def _reason(message) -> str:
    message = (message or "").strip()
    if message.startswith("NotImplementedError"):
        return "not implemented yet"
    return message


def format_check(results) -> str:
    "PASS/FAIL lines and a one-line total (visible tests only; hidden tests run at grading time)."
    lines = []
    for r in results:
        line = f"{'PASS' if r.passed else 'FAIL'}  {r.grade_id} ({r.points:g} pt)"
        lines.append(line if r.passed else f"{line}: {r.reason}")
    passed = sum(r.passed for r in results)
    lines.append(f"{passed}/{len(results)} test cells pass their visible tests "
                 f"(hidden tests run when the notebook is graded)")
    return "\n".join(lines)
