"""Run nbgrader commands in their own subprocess, with limits (hand-written, not generated).

Why a subprocess: a student's notebook runs in a kernel that nbgrader starts; a hang, a crash or a runaway allocation
must cost only that one submission. Each call gets
  * the venv's bin dir first on PATH (nbgrader shells out to `alembic` by name),
  * a wall-clock timeout: on expiry the whole process tree (nbgrader and the kernel it started, which lives in its
    own session) is killed,
  * an address-space cap (RLIMIT_AS, inherited by the kernel) so a runaway allocation fails with MemoryError
    inside the student's cell instead of exhausting the grading machine's memory. RLIMIT_AS counts reserved virtual
    memory, not just what is touched: measured on module 15 (2 cores), the kernel cannot even start under 512 MiB
    and the whole notebook runs under 1024 MiB; settings.ini uses 4096. OpenBLAS reserves buffers per thread, so
    a many-core grader may need more (symptom: every submission "crashed ... before replying to kernel_info").
nbgrader's exit code only says whether *processing* failed (tests that fail still exit 0): scores are read from the
gradebook, never from the exit code.
"""
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from .course import Course, CourseError, Module
from .nbgrader_defaults import CONFIG_TEMPLATE

__all__ = ["NbgraderResult", "NbgraderRunner", "run_process", "validate"]


@dataclass
class NbgraderResult:
    "What one nbgrader subprocess did. `elapsed` in seconds; `timed_out` means it was killed at the deadline."
    args: list
    returncode: int
    stdout: str
    stderr: str
    elapsed: float
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def error_line(self) -> str:
        "The most informative line of nbgrader's log: the last [ERROR] line, else the last non-empty line."
        lines = [line.strip() for line in (self.stderr + "\n" + self.stdout).splitlines() if line.strip()]
        errors = [line for line in lines if "[ERROR]" in line or "Error" in line]
        return (errors or lines or ["no output"])[-1]


def _venv_env() -> dict:
    "The current environment with this interpreter's bin dir first on PATH (alembic, jupyter live there)."
    env = dict(os.environ)
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.setdefault("MPLBACKEND", "Agg")  # notebooks plot; a grading machine has no display
    # Grading runs many kernels side by side; multi-threaded BLAS on small matrices then stalls for tens of ms per
    # call (measured 10-30x slowdowns under load) and cells hit their timeout. One thread per kernel is reliable.
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _address_space_cap(limit_mb):
    "A preexec_fn that caps the child's (and its kernel's) virtual address space at `limit_mb` MiB."
    if not limit_mb:
        return None
    limit = int(limit_mb) * 1024 * 1024

    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def _kill_tree(pid):
    "Kill a process and all its descendants (the kernel runs in its own session, so killpg is not enough)."
    try:
        parent = psutil.Process(pid)
        procs = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


def run_process(cmd, cwd, timeout=None, memory_limit_mb=None) -> NbgraderResult:
    """Run `cmd` with the venv on PATH, killing its whole process tree after `timeout` seconds, with the address
    space of it and its children capped at `memory_limit_mb` MiB.

    Output goes to temporary files, not pipes: a process the student's code detaches (which may outlive the kill)
    would keep a pipe open and make us wait for it forever."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=_venv_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                text=True, preexec_fn=_address_space_cap(memory_limit_mb))
        try:
            proc.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            _kill_tree(proc.pid)
            proc.wait()
            timed_out = True
        out.seek(0)
        err.seek(0)
        return NbgraderResult(cmd, proc.returncode, out.read(), err.read(), time.perf_counter() - start, timed_out)


def validate(path, invert=False, timeout=None) -> NbgraderResult:
    """`nbgrader validate [--invert] path` (runs the notebook; exit code is 0 either way, read `stdout`:
    'Success! Your notebook passes all the tests.' / with --invert 'Success! The notebook does not pass any tests.')"""
    path = Path(path).resolve()
    cmd = [sys.executable, "-m", "nbgrader", "validate", *(["--invert"] if invert else []), str(path)]
    return run_process(cmd, cwd=path.parent, timeout=timeout)


class NbgraderRunner:
    """nbgrader for one course and one grading directory (absolute). Source notebooks stay in <course>/modules."""

    def __init__(self, course: Course, grading_dir=None, db_url: str = None):
        self.course = course
        self.grading_dir = Path(grading_dir or course.default_grading_dir).resolve()
        # The gradebook: <grading>/gradebook.db (SQLite) unless a database URL is given (--gradebook,
        # $TINYTORCH_DB_URL),
        # e.g. postgresql+psycopg2://user@host/course for several instructors on one gradebook (nbgrader's own db_url).
        self.db_url = db_url or os.environ.get("TINYTORCH_DB_URL") or f"sqlite:///{self.grading_dir / 'gradebook.db'}"

    # -- paths and setup -------------------------------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        "The SQLite file of the gradebook (meaningful only when db_url is a sqlite:/// URL)."
        return Path(self.db_url[len("sqlite:///"):]) if self.db_url.startswith("sqlite:///") else \
            self.grading_dir / "gradebook.db"

    def has_gradebook(self) -> bool:
        "A SQLite gradebook exists as a file; a server database (PostgreSQL, ...) is assumed to exist."
        return self.db_path.is_file() if self.db_url.startswith("sqlite:///") else True

    def ensure_grading_dir(self):
        "Create the grading dir; write nbgrader_config.py there if it has none (it is what a hand-run nbgrader reads)."
        self.grading_dir.mkdir(parents=True, exist_ok=True)
        config = self.grading_dir / "nbgrader_config.py"
        if not config.exists():
            config.write_text(CONFIG_TEMPLATE.format(course_root=str(self.course.root)))

    def _path_args(self) -> list:
        "Paths and limits on the command line: they win over any nbgrader_config.py nbgrader finds."
        g = self.grading_dir
        return [f"--CourseDirectory.root={g}",
                f"--CourseDirectory.source_directory={self.course.root / 'modules'}",
                f"--CourseDirectory.course_id={self.course.course_id}",
                f"--CourseDirectory.db_url={self.db_url}",
                f"--ExecutePreprocessor.timeout={self.course.cell_timeout}"]

    # -- the subprocess --------------------------------------------------------------------------------------------
    def run(self, *args, timeout=None, memory_limit_mb=None) -> NbgraderResult:
        """Run `python -m nbgrader <args> <path args>` in the grading dir. `timeout` in s, `memory_limit_mb` in MiB."""
        self.ensure_grading_dir()
        cmd = [sys.executable, "-m", "nbgrader", *args, *self._path_args()]
        return run_process(cmd, cwd=self.grading_dir, timeout=timeout, memory_limit_mb=memory_limit_mb)

    def gradebook(self):
        """Open the gradebook in this process (use as a context manager). Creating a new database runs `alembic`
        by name, so this interpreter's bin dir goes first on PATH here too."""
        from nbgrader.api import Gradebook
        bindir = os.path.dirname(sys.executable)
        if bindir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
        return Gradebook(self.db_url, course_id=self.course.course_id)

    # -- commands --------------------------------------------------------------------------------------------------
    def release(self, module: Module) -> Path:
        """nbgrader generate_assignment (fills the gradebook). Returns the release notebook path."""
        self.course.require_source(module)
        res = self.run("generate_assignment", module.folder, "--force")
        path = module.release_path(self.grading_dir)
        if not res.ok or not path.is_file():
            raise CourseError(f"release of {module.folder} failed: {res.error_line()}")
        return path

    def is_released(self, module: Module) -> bool:
        "True when the release notebook exists and the gradebook knows the assignment with that notebook."
        if not module.release_path(self.grading_dir).is_file() or not self.has_gradebook():
            return False
        from nbgrader.api import MissingEntry
        try:
            with self.gradebook() as gb:
                assignment = gb.find_assignment(module.folder)
                return module.notebook_id in {nb.name for nb in assignment.notebooks}
        except MissingEntry:
            return False

    def ensure_released(self, module: Module) -> Path:
        """Release `module` unless the gradebook already has it. (nbgrader refuses to re-release an assignment whose
        notebooks changed once it has submissions, so autograde never re-releases.)"""
        if not self.is_released(module):
            self.release(module)
        return module.release_path(self.grading_dir)

    def export_grades(self, to=None) -> Path:
        "nbgrader export → CSV (default <grading>/grades.csv)."
        to = Path(to or self.grading_dir / "grades.csv").resolve()
        res = self.run("export", f"--to={to}")
        if not res.ok or not to.is_file():
            raise CourseError(f"grade export failed: {res.error_line()}")
        return to
