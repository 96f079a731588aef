"""Run a module's mutants against its graded tests and score them (hand-written; `tinytorch mutants`).

Only the cells grading needs are executed, in notebook order: export cells, locked helper cells, plain cells of
imports and definitions only, solution cells and graded test cells (hidden blocks included); measurements, plots and
demos are skipped. A mutant is *killed* when
at least one graded test cell would lose its points under nbgrader: the cell raises, or writes to stderr (a
warning, say), or runs past the per-cell time limit, or the process dies.

Speed comes from sharing work with fork: this process executes the reference cells once, in order, and just before
each solution cell forks one child per mutant of that cell. A child inherits everything executed so far, runs the
mutated cell and then the rest of the notebook, and stops at the first graded test cell that fails. Each child
reports to the parent over a pipe after every cell, so the parent can kill one that runs a cell past its limit
(an infinite loop a mutant introduced): that mutant counts as killed by timeout. Where fork is unavailable each
child replays the notebook from the start (slower, same result).
"""
import ast
import contextlib
import io
import multiprocessing
import os
import sys
import time
import traceback
import types
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from tinytorch_course.mutate import Mutant, cell_diff, cell_mutants
from tinytorch_course.notebook_cells import (code_cells, is_graded_test, is_helper, is_setup, is_solution,
                                             nbgrader_meta, strip_magics, top_level_names)

__all__ = ["Cell", "Outcome", "MutationReport", "plan_cells", "run_mutants", "read_equivalent", "graded_failures",
           "catalogue_mutants", "format_report", "report_json"]

KILLED, TIMEOUT, CRASHED, SURVIVED = "killed", "timeout", "crashed", "survived"
_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass
class Cell:
    "One executed notebook cell: `kind` is 'setup', 'solution' or 'test'."
    index: int              # position among the notebook's code cells
    kind: str
    grade_id: str
    source: str             # magics blanked


@dataclass
class Outcome:
    "What happened to one mutant."
    mutant: object          # tinytorch_course.mutate.Mutant
    status: str             # KILLED, TIMEOUT, CRASHED or SURVIVED
    test: str = ""          # grade id of the first graded test cell that lost its points
    reason: str = ""        # one line: the error, 'wrote to stderr', 'cell ran > 20 s', ...
    equivalent: str = ""    # the argument from the allow-list, for a survivor judged equivalent

    @property
    def killed(self) -> bool:
        return self.status != SURVIVED


@dataclass
class MutationReport:
    "All outcomes for one module, with per-solution-cell and whole-module scores."
    module: str
    outcomes: list = field(default_factory=list)
    covering: dict = field(default_factory=dict)    # solution grade id -> graded test ids right after it
    stale: list = field(default_factory=list)       # allow-list keys that are not surviving mutants

    def rows(self) -> list:
        "One dict per solution cell (in notebook order) and a final 'TOTAL' row."
        groups = {}
        for o in self.outcomes:
            groups.setdefault(o.mutant.grade_id, []).append(o)
        rows = [_score_row(gid, groups.get(gid, []), _tests_of(self.covering[gid], groups.get(gid, [])))
                for gid in self.covering]
        rows.append(_score_row("TOTAL", self.outcomes, []))
        return rows

    @property
    def total(self) -> dict:
        return self.rows()[-1]

    def kills_per_test(self) -> dict:
        "graded test id -> mutants it was the first to fail on (a test that never appears catches nothing alone)."
        kills = {}
        for o in self.outcomes:
            if o.killed and o.test:
                kills[o.test] = kills.get(o.test, 0) + 1
        return kills

    def survivors(self, include_equivalent=False) -> list:
        return [o for o in self.outcomes if not o.killed and (include_equivalent or not o.equivalent)]


def _tests_of(covering, outcomes) -> list:
    "The cell's own graded tests, then any other graded test that killed one of its mutants."
    tests = list(covering)
    for o in outcomes:
        if o.test and o.test not in tests:
            tests.append(o.test)
    return tests


def _score_row(name, outcomes, tests) -> dict:
    killed = sum(o.killed for o in outcomes)
    timeouts = sum(o.status == TIMEOUT for o in outcomes)
    equivalent = sum(bool(o.equivalent) and not o.killed for o in outcomes)
    n = len(outcomes)
    return {"cell": name, "tests": list(tests), "mutants": n, "killed": killed, "timeouts": timeouts,
            "equivalent": equivalent, "survived": n - killed - equivalent,
            "raw": 100.0 * killed / n if n else None,
            "adjusted": 100.0 * killed / (n - equivalent) if n - equivalent else None}


def plan_cells(notebook: Path) -> list:
    "The cells grading needs (see the module docstring), in notebook order."
    plan = []
    for i, cell in enumerate(code_cells(notebook)):
        gid = nbgrader_meta(cell).get("grade_id", f"cell{i}")
        if is_solution(cell):
            kind = "solution"
        elif is_graded_test(cell):
            kind = "test"
        elif is_setup(cell) or is_helper(cell) or _only_definitions(cell.source):
            kind = "setup"
        else:
            continue
        plan.append(Cell(i, kind, gid, strip_magics(cell.source)))
    return plan


def _only_definitions(source: str) -> bool:
    "A plain cell of imports, functions and classes only: cheap, and a graded test may rely on it."
    try:
        body = ast.parse(strip_magics(source)).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, _DEFINITIONS) for node in body)


def covering_tests(plan) -> dict:
    "solution grade id -> the graded test cells that follow it before the next solution cell (its own tests)."
    covering, current = {}, None
    for cell in plan:
        if cell.kind == "solution":
            current = cell.grade_id
            covering[current] = []
        elif cell.kind == "test" and current is not None:
            covering[current].append(cell.grade_id)
    return covering


def read_equivalent(path) -> dict:
    """key -> argument, from an allow-list file: one `KEY  ARGUMENT` per line; blank lines and '#' lines ignored.

    An allow-listed mutant counts as equivalent (removed from the adjusted score's denominator) only if it survives."""
    entries = {}
    if path is None or not Path(path).is_file():
        return entries
    for number, line in enumerate(Path(path).read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, argument = line.partition(" ")
        if not argument.strip():
            raise ValueError(f"{path}:{number}: expected 'KEY  ARGUMENT' (why the mutant is equivalent), got {line!r}")
        entries[key] = argument.strip()
    return entries


def run_mutants(notebook: Path, module_name="notebook", timeout=20.0, jobs=1, equivalent=None, extra=(),
                progress=True, start_method=None, catalogue_only=False) -> MutationReport:
    """Generate every mutant of `notebook`'s solution regions (plus `extra` mutants), run them, score them.

    With `catalogue_only` only the `extra` mutants run (no generated ones).
    `timeout`: seconds one cell may run in a mutant (at least 10x the reference time of that cell); `jobs`: mutants
    run at the same time; `equivalent`: {key: argument} of survivors judged equivalent; `start_method`: 'fork'
    (default where available) or 'spawn'."""
    plan = plan_cells(notebook)
    by_position = {}
    for pos, cell in enumerate(plan):
        if cell.kind == "solution" and not catalogue_only:
            by_position[pos] = cell_mutants(cell.source, cell.grade_id)
    for mutant in extra:                      # catalogued mutants: (grade id of their cell, source) via Mutant
        pos = next(p for p, c in enumerate(plan) if c.kind != "test" and c.grade_id == mutant.grade_id)
        by_position.setdefault(pos, []).append(mutant)
    ctx = multiprocessing.get_context(start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods()
                                                       else "spawn"))
    runner = _Runner(plan, module_name, ctx, timeout, max(1, jobs))
    report = MutationReport(module=module_name, covering=covering_tests(plan))
    total = sum(len(m) for m in by_position.values())
    bar = _progress_bar(total, module_name, progress)
    try:
        report.outcomes = runner.run(by_position, bar)
    finally:
        bar.close()
    _apply_equivalent(report, equivalent or {})
    return report


def graded_failures(notebook: Path, module_name="notebook", timeout=20.0) -> dict:
    """grade id -> one-line reason, for every graded test cell that `notebook`'s own solutions fail ({} = all pass).

    The same in-process execution as the mutants (one worker process), without nbgrader: seconds, not minutes."""
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    runner = _Runner(plan_cells(notebook), module_name, ctx, timeout, 1)
    return runner.failures(runner._reference_run())


def _apply_equivalent(report, equivalent):
    survivors = {o.mutant.key: o for o in report.outcomes if not o.killed}
    for key, argument in equivalent.items():
        if key in survivors:
            survivors[key].equivalent = argument
        else:
            report.stale.append(key)


def _progress_bar(total, name, enabled):
    from tqdm import tqdm
    tqdm.monitor_interval = 0                 # no monitor thread: this process forks
    return tqdm(total=total, desc=f"mutants {name}", unit="mutant", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True)


class _Runner:
    "Executes the reference cells in this process and forks the mutants (see the module docstring)."

    def __init__(self, plan, module_name, ctx, timeout, jobs):
        self.plan, self.module_name, self.ctx, self.timeout, self.jobs = plan, module_name, ctx, timeout, jobs
        self.limits = [timeout] * len(plan)

    def failures(self, reference) -> dict:
        "grade id -> reason, for the graded test cells that failed in a reference run."
        return {self.plan[p].grade_id: why for p, (ok, why, _) in reference.items()
                if self.plan[p].kind == "test" and not ok}

    def run(self, by_position, bar) -> list:
        "All outcomes; raises RuntimeError if the reference solution itself fails a graded test."
        reference = self._reference_run()
        failed = self.failures(reference)
        if failed:
            raise RuntimeError(f"the reference solution fails graded test(s) {failed}: fix the notebook first")
        self.limits = [max(self.timeout, 10 * reference.get(p, (True, "", 0.0))[2]) for p in range(len(self.plan))]
        ns = _fresh_namespace(self.module_name)
        outcomes = []
        with _quiet():
            for pos, cell in enumerate(self.plan):
                if by_position.get(pos):
                    with _restored_io():
                        outcomes += self._run_batch(ns, pos, by_position[pos], bar)
                _execute(cell, ns)
        return outcomes

    def _reference_run(self) -> dict:
        "pos -> (passed, reason, seconds) for every cell, from one unmutated child."
        events = {}
        proc, conn = self._start(None, 0, None, stop_early=False)
        while True:
            if not conn.poll(self.timeout * 30):
                proc.kill()
                raise RuntimeError("the reference notebook did not finish: a cell ran too long")
            try:
                message = conn.recv()
            except EOFError:
                raise RuntimeError("the reference notebook crashed the worker process") from None
            if message[0] == "end":
                break
            if message[0] == "done":
                _, pos, ok, why, seconds = message
                events[pos] = (ok, why, seconds)
        proc.join()
        return events

    def _start(self, ns, pos, source, stop_early=True):
        parent, child = self.ctx.Pipe(duplex=False)
        inherited = ns if self.ctx.get_start_method() == "fork" else None
        proc = self.ctx.Process(target=_child_main, daemon=True,
                                args=(child, self.plan, pos, source, stop_early, inherited, self.module_name))
        proc.start()
        child.close()
        return proc, parent

    def _run_batch(self, ns, pos, mutants, bar) -> list:
        "Run the mutants of the solution cell at `pos`, `jobs` at a time; outcomes in the mutants' order."
        pending, running, done = list(enumerate(mutants)), {}, {}
        while pending or running:
            while pending and len(running) < self.jobs:
                i, mutant = pending.pop(0)
                proc, conn = self._start(ns, pos, mutant.source)
                running[conn] = _Child(i, mutant, proc, pos, time.monotonic())
            ready = wait(list(running), timeout=0.2)
            for conn in ready:
                child = running[conn]
                outcome = child.receive(conn, self.plan)
                if outcome is not None:
                    done[child.i] = outcome
                    del running[conn]
                    _finish(child.proc, conn)
                    bar.update(1)
            for conn, child in list(running.items()):
                if time.monotonic() - child.started > self.limits[child.pos]:
                    cell = self.plan[child.pos]
                    done[child.i] = Outcome(child.mutant, TIMEOUT, cell.grade_id if cell.kind == "test" else "",
                                            f"cell {cell.grade_id} ran longer than {self.limits[child.pos]:.0f} s")
                    child.proc.kill()
                    del running[conn]
                    _finish(child.proc, conn)
                    bar.update(1)
        return [done[i] for i in range(len(mutants))]


@dataclass
class _Child:
    "Bookkeeping for one running mutant: which cell it is in and since when."
    i: int
    mutant: object
    proc: object
    pos: int
    started: float

    def receive(self, conn, plan):
        "Handle one message; the mutant's Outcome once it is decided, else None."
        try:
            message = conn.recv()
        except EOFError:
            cell = plan[self.pos]
            return Outcome(self.mutant, CRASHED, cell.grade_id if cell.kind == "test" else "",
                           f"the process died in cell {cell.grade_id}")
        if message[0] == "start":
            self.pos, self.started = message[1], time.monotonic()
        elif message[0] == "done":
            _, pos, ok, why, _ = message
            if not ok and plan[pos].kind == "test":
                return Outcome(self.mutant, KILLED, plan[pos].grade_id, why)
        elif message[0] == "end":
            return Outcome(self.mutant, SURVIVED)
        return None


def _finish(proc, conn):
    conn.close()
    proc.join(timeout=5)
    if proc.is_alive():
        proc.kill()
        proc.join()


def _child_main(conn, plan, pos, source, stop_early, ns, module_name):
    "Worker: run plan[pos:] (with plan[pos] replaced by `source` if given) and report after every cell."
    os.environ.setdefault("MPLBACKEND", "Agg")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)                          # a mutant's prints must not flood the report
    os.dup2(devnull, 2)
    if ns is None:                               # spawn: rebuild the state a forked child would inherit
        ns = _fresh_namespace(module_name)
        with _quiet():
            for cell in plan[:pos]:
                _execute(cell, ns)
    with _quiet():
        for p in range(pos, len(plan)):
            cell = plan[p]
            conn.send(("start", p))
            started = time.perf_counter()
            ok, why = _execute(cell, ns, source if p == pos else None)
            conn.send(("done", p, ok, why, time.perf_counter() - started))
            if stop_early and not ok and cell.kind == "test":
                break
        else:
            conn.send(("end",))
    conn.close()
    os._exit(0)                                  # skip atexit handlers and finalizers inherited from the parent


def _execute(cell, ns, source=None):
    """Run one cell in `ns` like a kernel would; (passed, one-line reason). stderr output counts as a failure,
    as in nbgrader (a warning scores the cell 0)."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), warnings.catch_warnings():
            warnings.simplefilter("default")
            code = compile(source if source is not None else cell.source, f"<cell {cell.grade_id}>", "exec")
            exec(code, ns)
    except (Exception, SystemExit) as error:        # noqa: BLE001 - nbgrader records any error and goes on
        line = traceback.format_exception_only(type(error), error)[-1].strip()
        return False, line[:300]
    if err.getvalue():
        return False, "wrote to stderr: " + err.getvalue().strip().splitlines()[-1][:250]
    return True, ""


def _fresh_namespace(module_name) -> dict:
    "A new module's globals, registered in sys.modules (dataclasses and NamedTuple look their module up there)."
    module = types.ModuleType(module_name)
    sys.modules[module_name] = module
    return module.__dict__


@contextlib.contextmanager
def _quiet():
    "Swallow what the notebook prints (stdout); stderr is captured per cell by _execute."
    with contextlib.redirect_stdout(io.StringIO()):
        yield


@contextlib.contextmanager
def _restored_io():
    "The real stdout while the progress bar runs (the bar writes to stderr, which _quiet leaves alone)."
    saved = sys.stdout
    sys.stdout = sys.__stdout__
    try:
        yield
    finally:
        sys.stdout = saved


def catalogue_mutants(directory: Path, notebook: Path) -> list:
    """The hand-written mutants of tests/grading/mutants/<module>/ as Mutants, so the same engine runs them.

    Two formats: `REPLACES = name` (the file's code runs right after the cell defining `name`) and, for module 17,
    `CELL = grade id` + `REPLACE = [(old, new), ...]` (text edits of that cell)."""
    plan = plan_cells(notebook)
    mutants = []
    for path in sorted(Path(directory).glob("*.py")):
        text = path.read_text()
        fields = {n.targets[0].id: ast.literal_eval(n.value) for n in ast.parse(text).body
                  if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
                  and n.targets[0].id in ("REPLACES", "CELL", "REPLACE")}
        if "REPLACES" in fields:
            cell = next((c for c in plan if c.kind != "test"
                         and fields["REPLACES"] in top_level_names(types.SimpleNamespace(source=c.source))), None)
            if cell is None:
                raise ValueError(f"{path}: no setup or solution cell defines {fields['REPLACES']!r}")
            source = f"{cell.source}\n{text}"
        elif "CELL" in fields:
            cell = next((c for c in plan if c.kind != "test" and c.grade_id == fields["CELL"]), None)
            if cell is None:
                raise ValueError(f"{path}: no cell with grade id {fields['CELL']!r}")
            source = cell.source
            for old, new in fields["REPLACE"]:
                if source.count(old) != 1:
                    raise ValueError(f"{path}: expected the text to replace once in {cell.grade_id}: {old!r}")
                source = source.replace(old, new)
        else:
            raise ValueError(f"{path}: expected REPLACES or CELL + REPLACE")
        mutants.append(Mutant(cell.grade_id, path.stem, "catalogue", path.stem, 1, source,
                              cell_diff(cell.source, source, cell.grade_id), key=f"catalogue:{path.stem}"))
    return mutants


def format_report(report: MutationReport, list_survivors=False) -> str:
    "A plain-text table per solution cell, the module total, and optionally every survivor's diff."
    lines = [f"{'solution cell':<24} {'mutants':>7} {'killed':>6} {'timeout':>7} {'equiv':>5} {'survived':>8} "
             f"{'raw %':>6} {'adj %':>6}  graded tests"]
    for row in report.rows():
        lines.append(f"{row['cell']:<24} {row['mutants']:>7} {row['killed']:>6} {row['timeouts']:>7} "
                     f"{row['equivalent']:>5} {row['survived']:>8} {_pct(row['raw']):>6} {_pct(row['adjusted']):>6}"
                     f"  {', '.join(row['tests'])}")
    total = report.total
    lines.append(f"\n{report.module}: mutation score {_pct(total['raw'])} % raw, {_pct(total['adjusted'])} % "
                 f"adjusted ({total['killed']} of {total['mutants']} mutants killed, {total['equivalent']} "
                 f"equivalent)")
    kills = report.kills_per_test()
    if kills:
        lines.append("mutants killed first by each graded test cell: "
                     + ", ".join(f"{test} {n}" for test, n in kills.items()))
    if report.stale:
        lines.append(f"stale allow-list entries (not a surviving mutant any more): {', '.join(report.stale)}")
    if list_survivors:
        for o in report.survivors(include_equivalent=True):
            tag = f"  [equivalent: {o.equivalent}]" if o.equivalent else ""
            lines += ["", f"survivor {o.mutant.key}  ({o.mutant.function}: {o.mutant.description}){tag}",
                      o.mutant.diff]
    return "\n".join(lines)


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def report_json(report: MutationReport) -> dict:
    "Everything in the report, JSON-serialisable."
    return {"module": report.module, "rows": report.rows(), "stale_equivalent": report.stale,
            "kills_per_test": report.kills_per_test(),
            "mutants": [{"key": o.mutant.key, "cell": o.mutant.grade_id, "function": o.mutant.function,
                         "operator": o.mutant.operator, "description": o.mutant.description, "line": o.mutant.line,
                         "status": o.status, "test": o.test, "reason": o.reason, "equivalent": o.equivalent,
                         "diff": o.mutant.diff} for o in report.outcomes]}
