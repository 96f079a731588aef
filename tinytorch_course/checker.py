"""The trusted checker: grades one submission by running its cells in a sandboxed kernel and every graded test
cell HERE, in a process the student's code cannot reach (hand-written course tooling).

    python -m tinytorch_course.checker JOB.json RESULT.json

For each cell of the plan (assemble.py), in notebook order:
  * a kernel cell (setup, the student's solutions, demos) is sent to the kernel, which runs it in its IPython shell;
  * a graded test cell — visible and hidden part, from the instructor's source notebook — is executed by this
    process in its own namespace. Names the cell reads that it does not define are taken from the trusted setup
    (the source notebook's imports and locked helper definitions, executed here) or, failing that, looked up in
    the kernel: data crosses as data, functions and objects as proxies (wire.Remote) whose calls run in the kernel
    and return data. Comparisons, reference computations and timings all happen here.
A cell passes when its code runs to the end without an exception here; output to stderr does not matter. A call the
kernel does not answer in time is interrupted and fails the cell; a kernel that dies fails every later cell. The
module's own reference solution is importable neither in the kernel (the sandbox hides it) nor here (blocked, so a
test cannot use it by mistake).
"""
import ast
import builtins
import contextlib
import importlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path

import numpy as np

from .assemble import MalformedNotebook, load_notebook_json, plan_cells
from .notebook_cells import cell_source, nbgrader_meta, strip_magics
from .sandbox import Limits, PackageView, SandboxError, start_kernel
from .wire import CellTimeout, KernelDied, ProtocolError, Remote, RemoteError

__all__ = ["check_submission", "checker_job", "run_checker_process", "trusted_setup_code", "free_names", "main"]

# Classes of the installed tinytorch package (foundations and the reference versions of the other modules) cross by
# value; the graded module's own reference is excluded (blocked here, hidden in the kernel).
TRUSTED_PREFIXES = ("tinytorch.",)
KERNEL_OPS = {"call", "getattr", "len", "list", "bool", "str", "repr", "array", "float", "int", "index",
              "getitem", "contains", "enter", "exit"}
MAX_MESSAGE = 400


# -- what crosses, and what the kernel may do with the checker's objects ----------------------------------------

class SharedDefinitions:
    """What both sides know under one name: tinytorch.core's classes, and the functions and classes of the source
    notebook's locked helper cells (defined here by the trusted setup, and in the kernel by the same locked cells).
    Their objects cross by value (classes) or by name (functions) instead of as handles."""

    def __init__(self, reference_module=""):
        self.ns, self.helpers = {}, set()
        self.reference = reference_module

    def _trusted_module(self, module: str) -> bool:
        if self.reference and (module == self.reference or module.startswith(self.reference + ".")):
            return False
        return any(module.startswith(p) for p in TRUSTED_PREFIXES) and module != "tinytorch.testing"

    def _helper(self, name):
        return self.ns.get(name) if name in self.helpers else None

    def trusted_class(self, cls) -> bool:
        if self._trusted_module(cls.__module__):
            return True
        return cls.__module__ == "__main__" and self._helper(cls.__name__) is cls and self._model_class(cls)

    def _model_class(self, cls) -> bool:
        "Helper classes that build models (tinytorch Modules) cross by value; others (fake clocks) stay here."
        return any(self._trusted_module(c.__module__) for c in cls.__mro__[1:])

    def resolve_class(self, name: str):
        "A by-value object from the kernel: rebuilt only as a tinytorch.core class or a helper class of this side."
        module, _, qualname = name.partition(":")
        if module == "__main__":
            cls = self._helper(qualname)
            return cls if isinstance(cls, type) and self._model_class(cls) else None
        if not self._trusted_module(module) or not qualname.isidentifier():
            return None
        try:
            cls = getattr(importlib.import_module(module), qualname, None)
        except ImportError:
            return None
        return cls if isinstance(cls, type) else None

    def refuse_half_trusted(self, obj):
        """A test's own subclass of a tinytorch class (defined in a test cell) would cross as a handle and run its
        methods here, silently wrong: refuse it with the fix."""
        cls = type(obj)
        if any(self.trusted_class(c) for c in cls.__mro__[1:]) and not self.trusted_class(cls):
            raise TypeError(f"a {cls.__name__} defined in a test cell cannot be sent to the student's kernel: define "
                            f"the class in a locked helper cell or inside an @in_kernel probe")

    def named(self, value):
        name = getattr(value, "__name__", None)
        if isinstance(name, str) and not isinstance(value, type) and self._helper(name) is value:
            return f"__main__:{name}"
        return None

    def resolve_named(self, name: str):
        module, _, qualname = name.partition(":")
        value = self._helper(qualname) if module == "__main__" else None
        return value if value is not None and not isinstance(value, type) else None


def exception_lookup(name: str):
    module, _, qualname = name.partition(":")
    if module == "builtins":
        cls = getattr(builtins, qualname, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            return cls
        return None          # SystemExit, KeyboardInterrupt, ...: mirrored as RemoteError subclasses, never raised
    mod = sys.modules.get(module)
    if mod is not None and module.startswith("tinytorch.") and qualname.isidentifier():
        cls = getattr(mod, qualname, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            return cls
    return None


_OPAQUE = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType, type,
           types.CodeType, types.FrameType)


ARRAY_ATTRIBUTES = {"shape", "ndim", "dtype", "size", "T", "itemsize", "nbytes", "strides"}


def check_kernel_op(name, target, args):
    """The kernel may call what a test handed it and read PUBLIC attributes of objects (a fake clock's method),
    never attributes of functions, modules or classes (no way to `__globals__`, `os`, `open`); of a lent array
    only its slices, values and shape-like attributes (not `tofile`, `ctypes`, ...)."""
    if name == "getattr":
        attr = args[0] if args else None
        if not isinstance(attr, str) or attr.startswith("_"):
            raise PermissionError(f"the kernel may not read attribute {attr!r} of a checker object")
        if isinstance(target, _OPAQUE):
            raise PermissionError(f"the kernel may not read attributes of a {type(target).__name__}")
        if isinstance(target, np.ndarray) and attr not in ARRAY_ATTRIBUTES:
            raise PermissionError(f"the kernel may read only {sorted(ARRAY_ATTRIBUTES)} of a lent array, "
                                  f"not {attr!r}")


CHECKER_POLICY = {"ops": KERNEL_OPS, "check": check_kernel_op, "write_back": False}


# -- the trusted namespace ------------------------------------------------------------------------------------------

def _parse(source: str):
    try:
        return ast.parse(strip_magics(source))
    except SyntaxError:
        return None


def _imports_module(node, module: str) -> bool:
    "Does this import statement bring in `module` (the graded module's reference) under any spelling?"
    parent, _, leaf = module.rpartition(".")
    if isinstance(node, ast.Import):
        return any(a.name == module or a.name.startswith(module + ".") for a in node.names)
    if node.module is None:
        return False
    return (node.module == module or node.module.startswith(module + ".")
            or (node.module == parent and any(a.name == leaf for a in node.names)))


def trusted_setup_code(source_nb: dict, reference_module: str) -> tuple:
    """(code, helper names): Python run in the checker before the first test — every import of the source
    notebook's non-test cells (except the graded module's own reference) and the function and class definitions of
    its locked helper cells (fake clocks, synthetic models), in notebook order — and the names those define."""
    parts, helpers = [], []
    for cell in source_nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        meta = nbgrader_meta(cell)
        if meta.get("grade") or meta.get("solution"):
            continue
        tree = _parse(cell_source(cell))
        if tree is None:
            continue
        helper = bool(meta.get("locked"))
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not _imports_module(node, reference_module):
                parts.append(ast.unparse(node))
            elif helper and isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                parts.append(ast.unparse(node))
                helpers.append(node.name)
    return "\n".join(parts), helpers


def free_names(tree) -> list:
    "Names a cell reads at module level or inside its functions that it never binds itself (in first-read order)."
    assigned, loaded = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loaded.append(node.id)
            else:
                assigned.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            assigned.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            assigned |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.arg):
            assigned.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            assigned.add(node.name)
    seen, out = set(), []
    for name in loaded:
        if name not in assigned and name not in seen and not hasattr(builtins, name):
            seen.add(name)
            out.append(name)
    return out


class _BlockModule:
    "A meta-path finder that refuses to import the graded module's reference in the checker."

    def __init__(self, name):
        self.name = name

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.name or fullname.startswith(self.name + "."):
            raise ImportError(f"{fullname} is the reference solution of the module being graded: tests must call "
                              "the student's code")
        return None


# -- one submission ---------------------------------------------------------------------------------------------

def _first_line(err) -> str:
    text = f"{type(err).__name__}: {err}" if not isinstance(err, AssertionError) or not str(err) else str(err)
    if isinstance(err, AssertionError) and not str(err):
        text = "test failed (no message)"
    line = next((text_line for text_line in text.splitlines() if text_line.strip()), text)
    return line[:MAX_MESSAGE]


class Checker:
    "Runs one plan: kernel cells in the sandbox, test cells here. `results` collects one entry per graded cell."

    def __init__(self, kernel, shared: SharedDefinitions, setup: tuple, cell_timeout: float, notebook_deadline=None):
        self.kernel = kernel
        self.ep = kernel.endpoint
        self.cell_timeout = cell_timeout
        self.notebook_deadline = notebook_deadline or float("inf")   # time.monotonic() when the whole notebook ends
        self.ns = {"__name__": "__main__", "__builtins__": builtins}
        self.kernel_names = set()          # names whose value here came from the kernel (re-read for every cell)
        self.results, self.kernel_log = [], []
        self.board = []                    # board_record entries of passing test cells (tinytorch.testing)
        _take_board_entries()
        code, helpers = setup
        with _quiet():
            exec(compile(code, "<trusted setup>", "exec"), self.ns)
        self.trusted = set(self.ns) - {"__name__", "__builtins__"}
        shared.ns, shared.helpers = self.ns, set(helpers)
        self.ep.request("set_helpers", sorted(helpers))
        self.current = None                # (grade_id, parsed tree) of the test cell running now
        import tinytorch.testing
        tinytorch.testing._KERNEL_HOOK = self.probe

    def probe(self, fn):
        """`@in_kernel` on a function of the running test cell: define that function in the kernel (instructor
        code, from the source notebook) and return a callable that runs it there. What it returns is what the
        student's process reports: tests use probes for how code works (identity, slices, calls), never as the
        only evidence that an answer is right."""
        if self.current is None or fn.__code__.co_filename != f"<test {self.current[0]}>":
            raise RuntimeError("in_kernel: only functions defined in the running test cell can be probes")
        node = next((n for n in ast.walk(self.current[1]) if isinstance(n, ast.FunctionDef) and n.name == fn.__name__
                     and min([n.lineno] + [d.lineno for d in n.decorator_list]) == fn.__code__.co_firstlineno), None)
        if node is None:
            raise RuntimeError(f"in_kernel: cannot find the source of {fn.__name__}")
        node = ast.FunctionDef(**{**{f: getattr(node, f) for f in node._fields}, "decorator_list": []})
        source = ast.unparse(ast.fix_missing_locations(ast.Module([node], type_ignores=[])))
        return self.ep.request("define_probe", [fn.__name__, source])

    def run_kernel_cell(self, cell):
        entry = {"grade_id": cell.grade_id, "origin": cell.origin, "ok": False, "error": None}
        if self.ep.dead:
            entry["error"] = f"not run: the kernel died earlier ({self.ep.dead})"
            self.kernel_log.append(entry)
            return
        self.ep.deadline = self._deadline()
        try:
            reply = self.ep.request("run_cell", cell.source)
            if not isinstance(reply, dict):
                raise ProtocolError("the kernel's answer to a cell is not a report")
            entry.update(ok=bool(reply.get("ok")), error=str(reply.get("error") or "")[:2000] or None,
                         seconds=reply.get("seconds"), stdout=str(reply.get("stdout", ""))[:10_000],
                         stderr=str(reply.get("stderr", ""))[:10_000])
            # Names a test cell bound stay the checker's even if a later kernel cell rebinds them: otherwise a cell
            # of the student's could swap a helper one test defines and a later test reuses.
        except CellTimeout:
            entry["error"] = f"timed out after {self.cell_timeout:g} s (interrupted)"
        except (KernelDied, RemoteError, ProtocolError) as err:
            entry["error"] = f"the kernel died: {err}" if isinstance(err, KernelDied) else str(err)[:2000]
        finally:
            self.ep.deadline = None
        self.kernel_log.append(entry)

    def _deadline(self) -> float:
        "A cell may run for cell_timeout seconds, and never past the notebook's own limit."
        return min(time.monotonic() + self.cell_timeout, self.notebook_deadline)

    def _bind_kernel_names(self, tree):
        wanted = [n for n in free_names(tree) if n not in self.trusted and (n not in self.ns or n in self.kernel_names)]
        for n in wanted:
            self.ns.pop(n, None)
        self.kernel_names -= set(wanted)
        if not wanted or self.ep.dead:
            return
        values = self.ep.request("lookup", wanted)
        if isinstance(values, dict):
            for name, value in values.items():
                if name in wanted:
                    self.ns[name] = value
                    self.kernel_names.add(name)

    def run_test_cell(self, cell):
        start = time.perf_counter()
        result = {"grade_id": cell.grade_id, "points": cell.points, "passed": False, "message": ""}
        tree = _parse(cell.source)
        try:
            if tree is None:
                raise SyntaxError("the test cell does not parse")
            if self.ep.dead:
                raise KernelDied(self.ep.dead)
            self.ep.deadline = self._deadline()
            self.current = (cell.grade_id, tree)
            self._bind_kernel_names(tree)
            code = compile(tree, f"<test {cell.grade_id}>", "exec")
            with _quiet():
                exec(code, self.ns)
            result["passed"] = True
            self.board.extend(dict(e, grade_id=cell.grade_id) for e in _take_board_entries())
        except CellTimeout:
            result["message"] = f"timed out after {self.cell_timeout:g} s (this cell's time limit)"
        except KernelDied as err:
            result["message"] = f"your kernel died or stopped answering: {err}"
        except ProtocolError as err:
            result["message"] = str(err)[:MAX_MESSAGE]
        except Exception as err:  # noqa: BLE001 - every failure of a test cell is that cell's verdict
            result["message"] = _first_line(err)
        finally:
            self.ep.deadline = None
            self.current = None
            _take_board_entries()          # a failed cell's board entries are dropped: only passing systems are posted
        # names the test cell bound are the checker's now (not re-read from the kernel)
        self.kernel_names -= {n for n in self.ns if n in self.kernel_names and not isinstance(self.ns[n], Remote)}
        result["seconds"] = round(time.perf_counter() - start, 4)
        result["score"] = cell.points if result["passed"] else 0.0
        self.results.append(result)


def _take_board_entries() -> list:
    "The entries graded tests added with tinytorch.testing.board_record since the last call (and clear them)."
    import tinytorch.testing
    entries = list(tinytorch.testing.BOARD_ENTRIES)
    tinytorch.testing.BOARD_ENTRIES.clear()
    return entries


def board_json(entries: list) -> list:
    "Board entries as JSON: the artifact bytes base64-encoded (key artifact_b64), the rest as they are."
    import base64
    return [{**{k: v for k, v in e.items() if k != "artifact"},
             "artifact_b64": base64.b64encode(e["artifact"]).decode("ascii")} for e in entries]


@contextlib.contextmanager
def _quiet():
    "A test's prints stay here (never judged, never shown)."
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _module_of_export(export: str) -> str:
    "tinytorch/optimization/acceleration.py -> tinytorch.optimization.acceleration"
    return export[:-3].replace("/", ".") if export.endswith(".py") else export.replace("/", ".")


def check_submission(job: dict) -> dict:
    """Grade one submission. `job`: source, release, submission (paths), export (the module's package file,
    e.g. tinytorch/optimization/acceleration.py), cell_timeout, memory_mb, cpu_seconds, seed, allow_unsandboxed,
    workdir (where the scratch folder goes). Returns the result dict written to RESULT.json."""
    started = time.perf_counter()
    reference = _module_of_export(job["export"])
    out = {"status": "graded", "cells": [], "notes": [], "sandboxed": False, "message": "", "kernel": []}
    try:
        source = load_notebook_json(Path(job["source"]))
        release = load_notebook_json(Path(job["release"]))
        submission = load_notebook_json(Path(job["submission"]))
        plan = plan_cells(source, release, submission)
    except MalformedNotebook as err:
        return {**out, "status": "malformed", "message": str(err)}
    out["notes"], out["manual"] = plan.notes, plan.manual
    previous_seed = os.environ.get("TINYTORCH_GRADING_SEED")
    os.environ["TINYTORCH_GRADING_SEED"] = str(job.get("seed", 0))
    sys.meta_path.insert(0, _BlockModule(reference))
    workdir = Path(tempfile.mkdtemp(prefix="check-", dir=job.get("workdir")))
    views = []
    kernel = None
    try:
        scratch = workdir / "home"
        scratch.mkdir()
        shutil.copyfile(job["submission"], scratch / Path(job["submission"]).name, follow_symlinks=False)
        hidden = [str(Path(*Path(job["export"]).parts[1:]))]      # relative to the tinytorch package
        views = [PackageView("tinytorch", hidden=hidden, root=workdir), PackageView("tinytorch_course", root=workdir)]
        limits = Limits(memory_mb=int(job.get("memory_mb", 4096)), cpu_seconds=int(job.get("cpu_seconds", 900)))
        shared = SharedDefinitions(reference)
        kernel = start_kernel(scratch, views=views, limits=limits, trusted_class=shared.trusted_class,
                              resolve_class=shared.resolve_class, policy=CHECKER_POLICY,
                              exception_lookup=exception_lookup, allow_unsandboxed=bool(job.get("allow_unsandboxed")),
                              run_id=str(job.get("run_id", "")))
        kernel.endpoint.codec.named, kernel.endpoint.codec.resolve_named = shared.named, shared.resolve_named
        kernel.endpoint.before_export = shared.refuse_half_trusted
        out["sandboxed"] = kernel.sandboxed
        deadline = time.monotonic() + float(job.get("notebook_timeout", 600))
        checker = Checker(kernel, shared, trusted_setup_code(source, reference), float(job.get("cell_timeout", 30)),
                          deadline)
        report = _progress_writer(job.get("progress"), len(plan.cells))
        for index, cell in enumerate(plan.cells):
            if time.monotonic() >= deadline:
                out["status"] = "timeout"
                out["message"] = f"stopped after {job.get('notebook_timeout')} s (notebook_timeout)"
                break
            if cell.where == "kernel":
                checker.run_kernel_cell(cell)
                report(index, cell, checker.kernel_log[-1])
            else:
                checker.run_test_cell(cell)
                report(index, cell, checker.results[-1])
        ran = {r["grade_id"] for r in checker.results}
        for cell in plan.cells:                   # cells a timeout left unrun still get a (failing) row
            if cell.where == "checker" and cell.grade_id not in ran:
                checker.results.append({"grade_id": cell.grade_id, "points": cell.points, "passed": False,
                                        "score": 0.0, "message": "not run: the notebook's time ran out"})
        out["cells"], out["kernel"] = checker.results, checker.kernel_log
        out["board"] = board_json(checker.board)
        if time.monotonic() >= deadline and out["status"] == "graded":
            out["status"] = "timeout"
            out["message"] = f"stopped after {job.get('notebook_timeout')} s (notebook_timeout)"
        elif kernel.endpoint.dead and out["status"] == "graded":
            out["status"] = "crashed"
            where = next((k.get("grade_id") or "a cell of yours" for k in checker.kernel_log
                          if "kernel died" in str(k.get("error"))), "a test")
            out["message"] = (f"the kernel died while running {where} ({kernel.endpoint.dead}); "
                              f"its last output: {kernel.raw_output(400).strip()[-200:] or 'none'}")
    except SandboxError as err:
        return {**out, "status": "crashed", "message": str(err)}
    finally:
        import tinytorch.testing
        tinytorch.testing._KERNEL_HOOK = None      # probes and the seed are this submission's only (the checker may
        if previous_seed is None:                  # run in a longer-lived process: `tinytorch check`, tests)
            os.environ.pop("TINYTORCH_GRADING_SEED", None)
        else:
            os.environ["TINYTORCH_GRADING_SEED"] = previous_seed
        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _BlockModule)]
        if kernel is not None:
            kernel.stop()
        for v in views:
            v.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
    out["seconds"] = round(time.perf_counter() - started, 3)
    return out


def _progress_writer(path, total: int):
    """A function (index, cell, entry) that appends one JSON line per finished cell to `path` (read by
    `tinytorch check` while the checker runs, so the student sees each cell as it ends), or does nothing."""
    if not path:
        return lambda index, cell, entry: None

    def report(index, cell, entry):
        line = {"index": index + 1, "total": total, "where": cell.where, "grade_id": cell.grade_id,
                "origin": cell.origin, "points": cell.points, "seconds": entry.get("seconds"),
                "ok": bool(entry.get("passed") if cell.where == "checker" else entry.get("ok")),
                "message": str(entry.get("message") or entry.get("error") or "")[:MAX_MESSAGE]}
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
    return report


def checker_job(course, source, release, submission, export: str, seed=0, **extra) -> dict:
    """The job `check_submission` grades: the source, release and submitted notebooks (paths), the graded module's
    export file, the seed and the course's limits (settings.ini); `extra` adds or overrides keys (workdir, ...)."""
    return {"source": str(source), "release": str(release), "submission": str(submission), "export": export,
            "seed": seed, "cell_timeout": course.cell_timeout, "notebook_timeout": course.notebook_timeout,
            "memory_mb": course.memory_limit_mb, **extra}


def run_checker_process(spec: dict, timeout: float, workdir=None, progress=None) -> dict:
    """check_submission(spec) in a fresh `python -m tinytorch_course.checker` process with one BLAS thread (the
    machine's cores are shared by several kernels), killed with everything it started after `timeout` seconds.
    `progress`, if given, is called with one dict per finished cell (see _progress_writer) while it runs.
    Returns its result, or a `timeout`/`crashed` result saying what happened."""
    import signal
    import subprocess
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        job_file, result_file = Path(tmp) / "job.json", Path(tmp) / "result.json"
        if progress is not None:
            spec = {**spec, "progress": str(Path(tmp) / "progress.jsonl")}
        job_file.write_text(json.dumps(spec))
        cmd = [sys.executable, "-m", "tinytorch_course.checker", str(job_file), str(result_file)]
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "MPLBACKEND": "Agg"}
        with open(Path(tmp) / "checker.log", "wb") as log:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                                    start_new_session=True)
            try:
                _wait_reporting(proc, timeout, Path(tmp) / "progress.jsonl", progress)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                proc.wait()
                return {"status": "timeout", "message": f"stopped after {spec.get('notebook_timeout')} s "
                                                        "(notebook_timeout)", "cells": []}
        try:
            return json.loads(result_file.read_text())
        except (OSError, ValueError):
            tail = (Path(tmp) / "checker.log").read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
            return {"status": "crashed", "message": f"the checker exited {proc.returncode} without a verdict: "
                                                    f"{tail[0][:300]}", "cells": []}


def _wait_reporting(proc, timeout: float, progress_file: Path, progress):
    "proc.wait(timeout), handing each new line of `progress_file` to `progress` as it appears (if given)."
    import subprocess
    if progress is None:
        proc.wait(timeout=timeout)
        return
    end, done = time.monotonic() + timeout, 0

    def drain():
        nonlocal done
        if not progress_file.is_file():
            return
        lines = progress_file.read_text(encoding="utf-8").splitlines()
        for line in lines[done:]:
            if not line.endswith("}"):          # a line still being written: read it next time
                break
            progress(json.loads(line))
            done += 1
    while True:
        try:
            proc.wait(timeout=min(0.25, max(0.0, end - time.monotonic())))
            drain()
            return
        except subprocess.TimeoutExpired:
            drain()
            if time.monotonic() >= end:
                raise


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        sys.stderr.write("usage: python -m tinytorch_course.checker JOB.json RESULT.json\n")
        return 2
    job = json.loads(Path(argv[0]).read_text())
    try:
        result = check_submission(job)
    except Exception as err:  # noqa: BLE001 - a checker bug costs this submission, visibly, never the batch
        result = {"status": "crashed", "message": f"checker error (a bug: please report): {type(err).__name__}: "
                                                  f"{err}", "trace": traceback.format_exc()[-4000:], "cells": []}
    tmp = Path(argv[1]).with_suffix(".tmp")
    tmp.write_text(json.dumps(result, default=str))
    tmp.replace(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
