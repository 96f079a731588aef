"""Run a module's mutants against its graded tests and score them (hand-written; `tinytorch mutants`).

Only the cells grading needs are executed, in notebook order: export cells, locked helper cells, plain cells of
imports and definitions only, solution cells and graded test cells (hidden blocks included); measurements, plots and
demos are skipped. A mutant is *killed* when
at least one graded test cell would lose its points under nbgrader: the cell raises, or writes to stderr (a
warning, say), or runs past the per-cell time limit, or the process dies.

The same engine checks the hand-written catalogue of each module (tests/grading/mutants/<module>/, read by
`read_mutant_file`): `run_catalogue` runs each catalogued mutant against the graded test cells its FAILS names (all
of them, no early stop; the other graded tests are skipped, as a student's notebook is graded cell by cell) and
records every one it fails, for the pytest catalogue tests (tests/mutant_cells.py) to compare with FAILS.

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
from tinytorch_course.notebook_cells import code_cells, grading_kind, nbgrader_meta, strip_magics, top_level_names

__all__ = ["Cell", "Outcome", "MutationReport", "ReferenceFailed", "plan_cells", "run_mutants", "read_equivalent",
           "graded_failures", "read_mutant_file", "catalogue_mutants", "catalogue_judges", "run_catalogue",
           "format_report", "report_json"]

KILLED, TIMEOUT, CRASHED, SURVIVED = "killed", "timeout", "crashed", "survived"


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
    failures: dict = field(default_factory=dict)   # judged mutants only: every failed graded test -> reason

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
    "The cells grading needs (notebook_cells.grading_kind), in notebook order, magics blanked."
    plan = []
    for i, cell in enumerate(code_cells(notebook)):
        kind = grading_kind(cell)
        if kind is not None:
            plan.append(Cell(i, kind, nbgrader_meta(cell).get("grade_id", f"cell{i}"), strip_magics(cell.source)))
    return plan


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


class ReferenceFailed(RuntimeError):
    "The notebook's own solutions fail graded tests: no mutant can be judged. `failures`: grade id -> reason."

    def __init__(self, failures: dict):
        super().__init__(f"the reference solution fails graded test(s) {failures}: fix the notebook first")
        self.failures = failures


def run_mutants(notebook: Path, module_name="notebook", timeout=20.0, jobs=1, equivalent=None, extra=(),
                progress=True, start_method=None, catalogue_only=False, judged_by=None) -> MutationReport:
    """Generate every mutant of `notebook`'s solution regions (plus `extra` mutants), run them, score them.

    With `catalogue_only` only the `extra` mutants run (no generated ones). `judged_by`: {mutant key: graded test
    ids}: such a mutant runs only those graded tests, all of them (no early stop), and `Outcome.failures` lists every
    one it fails.
    Raises ReferenceFailed if the unmutated notebook already fails a graded test.
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
        report.outcomes = runner.run(by_position, bar, judged_by or {})
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

    def run(self, by_position, bar, judged_by) -> list:
        "All outcomes; raises ReferenceFailed if the reference solution itself fails a graded test."
        reference = self._reference_run()
        failed = self.failures(reference)
        if failed:
            raise ReferenceFailed(failed)
        self.limits = [max(self.timeout, 10 * reference.get(p, (True, "", 0.0))[2]) for p in range(len(self.plan))]
        ns = _fresh_namespace(self.module_name)
        outcomes = []
        with _quiet():
            for pos, cell in enumerate(self.plan):
                if by_position.get(pos):
                    with _restored_io():
                        outcomes += self._run_batch(ns, pos, by_position[pos], bar, judged_by)
                _execute(cell, ns)
        return outcomes

    def _reference_run(self) -> dict:
        "pos -> (passed, reason, seconds) for every cell, from one unmutated child."
        events = {}
        proc, conn = self._start(None, 0, None, tests=None)
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

    def _start(self, ns, pos, source, tests=()):
        "A child running plan[pos:]; `tests` as in _child_main."
        parent, child = self.ctx.Pipe(duplex=False)
        inherited = ns if self.ctx.get_start_method() == "fork" else None
        proc = self.ctx.Process(target=_child_main, daemon=True,
                                args=(child, self.plan, pos, source, tests, inherited, self.module_name))
        proc.start()
        child.close()
        return proc, parent

    def _run_batch(self, ns, pos, mutants, bar, judged_by) -> list:
        "Run the mutants of the solution cell at `pos`, `jobs` at a time; outcomes in the mutants' order."
        pending, running, done = list(enumerate(mutants)), {}, {}
        while pending or running:
            while pending and len(running) < self.jobs:
                i, mutant = pending.pop(0)
                tests = tuple(judged_by.get(mutant.key, ()))
                proc, conn = self._start(ns, pos, mutant.source, tests)
                running[conn] = _Child(i, mutant, proc, pos, time.monotonic(), bool(tests))
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
                    done[child.i] = child.ended(TIMEOUT, cell, f"cell {cell.grade_id} ran longer than "
                                                              f"{self.limits[child.pos]:.0f} s")
                    child.proc.kill()
                    del running[conn]
                    _finish(child.proc, conn)
                    bar.update(1)
        return [done[i] for i in range(len(mutants))]


@dataclass
class _Child:
    """Bookkeeping for one running mutant: which cell it is in and since when, and (when judged) the graded
    tests it failed so far (`judged`: run against a given list of graded tests, see run_mutants)."""
    i: int
    mutant: object
    proc: object
    pos: int
    started: float
    judged: bool = False
    failures: dict = field(default_factory=dict)

    def receive(self, conn, plan):
        "Handle one message; the mutant's Outcome once it is decided, else None."
        try:
            message = conn.recv()
        except EOFError:
            cell = plan[self.pos]
            return self.ended(CRASHED, cell, f"the process died in cell {cell.grade_id}")
        if message[0] == "start":
            self.pos, self.started = message[1], time.monotonic()
        elif message[0] == "done":
            _, pos, ok, why, _ = message
            if not ok and plan[pos].kind == "test":
                self.failures[plan[pos].grade_id] = why
                if not self.judged:
                    return self.ended(KILLED)
        elif message[0] == "end":
            return self.ended(KILLED if self.failures else SURVIVED)
        return None

    def ended(self, status, cell=None, why="") -> Outcome:
        """The Outcome. KILLED/SURVIVED: named by the first graded test that failed. TIMEOUT/CRASHED in `cell`:
        named by that cell if it is a graded test (which then counts as failed too)."""
        if cell is None:
            test, why = next(iter(self.failures.items()), ("", ""))
        else:
            test = cell.grade_id if cell.kind == "test" else ""
            if test:
                self.failures.setdefault(test, why)
        return Outcome(self.mutant, status, test, why, failures=dict(self.failures) if self.judged else {})


def _finish(proc, conn):
    conn.close()
    proc.join(timeout=5)
    if proc.is_alive():
        proc.kill()
        proc.join()


def _child_main(conn, plan, pos, source, tests, ns, module_name):
    """Worker: run plan[pos:] (with plan[pos] replaced by `source` if given) and report after every cell.
    `tests`: () = stop at the first graded test that fails; None = run every cell; a tuple of grade ids = run only
    those graded tests (and every other cell), to the last of them."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)                          # a mutant's prints must not flood the report
    os.dup2(devnull, 2)
    if ns is None:                               # spawn: rebuild the state a forked child would inherit
        ns = _fresh_namespace(module_name)
        with _quiet():
            for cell in plan[:pos]:
                _execute(cell, ns)
    last = len(plan) - 1 if not tests else max((p for p, c in enumerate(plan) if c.grade_id in tests), default=pos)
    with _quiet():
        for p in range(pos, last + 1):
            cell = plan[p]
            if tests and cell.kind == "test" and cell.grade_id not in tests:
                continue
            conn.send(("start", p))
            started = time.perf_counter()
            ok, why = _execute(cell, ns, source if p == pos else None)
            conn.send(("done", p, ok, why, time.perf_counter() - started))
            if tests == () and not ok and cell.kind == "test":
                break
        else:
            conn.send(("end",))
    conn.close()
    os._exit(0)                                  # skip atexit handlers and finalizers inherited from the parent


def _execute(cell, ns, source=None):
    """Run one cell in `ns` like a kernel would; (passed, one-line reason). stderr output counts as a failure,
    as in nbgrader (a warning scores the cell 0). All cells share `ns`, solutions and tests alike: a graded test
    may patch a name a solution calls (module 16 records cached_forward calls that way), which only works in one
    namespace. (The trusted checker runs each test cell in a namespace of its own and reaches the student's code in
    the kernel; no graded test cell reads a name that only an earlier test cell defines.)"""
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


_MUTANT_FIELDS = ("REPLACES", "CELL", "REPLACE", "FAILS")


def read_mutant_file(path: Path) -> dict:
    """The literal header of a catalogued mutant (tests/grading/mutants/<module>/<name>.py), checked. Two formats:

        REPLACES = "name"                 the file's code runs right after the cell that defines `name`
        CELL = "grade id"; REPLACE = [(old, new), ...]   text edits of that cell, each `old` found exactly once
    and in both `FAILS = ["test grade id", ...]`: the graded test cells that must then fail with AssertionError.
    The file itself only makes sense inside the notebook's namespace, so it is read, not imported."""
    path = Path(path)
    fields = {}
    for node in ast.parse(path.read_text()).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id in _MUTANT_FIELDS):
            fields[node.targets[0].id] = ast.literal_eval(node.value)
    if "REPLACES" not in fields and not {"CELL", "REPLACE"} <= set(fields):
        raise ValueError(f"{path}: expected REPLACES = name, or CELL = grade id with REPLACE = [(old, new), ...]; "
                         f"found {sorted(fields) or 'none of them'}")
    fails = fields.get("FAILS")
    if not isinstance(fails, list) or not fails or not all(isinstance(g, str) for g in fails):
        raise ValueError(f"{path}: expected FAILS = a non-empty list of graded test grade ids, got {fails!r}")
    return fields


def catalogue_mutants(directory: Path, notebook: Path) -> list:
    "The hand-written mutants of tests/grading/mutants/<module>/ (see read_mutant_file) as Mutants for the engine."
    plan = plan_cells(notebook)
    return [_catalogue_mutant(path, read_mutant_file(path), plan) for path in sorted(Path(directory).glob("*.py"))]


def _catalogue_mutant(path, fields, plan):
    if "REPLACES" in fields:
        cell = next((c for c in plan if c.kind != "test"
                     and fields["REPLACES"] in top_level_names({"source": c.source})), None)
        if cell is None:
            raise ValueError(f"{path}: no setup or solution cell defines {fields['REPLACES']!r}")
        source = f"{cell.source}\n{Path(path).read_text()}"
    else:
        cell = next((c for c in plan if c.kind != "test" and c.grade_id == fields["CELL"]), None)
        if cell is None:
            raise ValueError(f"{path}: no cell with grade id {fields['CELL']!r}")
        source = cell.source
        for old, new in fields["REPLACE"]:
            if source.count(old) != 1:
                raise ValueError(f"{path}: expected the text to replace exactly once in {cell.grade_id}, found it "
                                 f"{source.count(old)} times: {old!r}")
            source = source.replace(old, new)
    return Mutant(cell.grade_id, path.stem, "catalogue", path.stem, 1, source,
                  cell_diff(cell.source, source, cell.grade_id), key=f"catalogue:{path.stem}")


def run_catalogue(notebook: Path, directory: Path, module_name="notebook", jobs=2, timeout=20.0) -> dict:
    """Run every catalogued mutant of `directory` against the graded tests its FAILS names (see run_mutants).

    {mutant file stem: Outcome} (Outcome.failures: every graded test it failed -> one-line reason); raises
    ReferenceFailed if the notebook's own solutions fail a graded test."""
    mutants = catalogue_mutants(directory, notebook)
    report = run_mutants(notebook, module_name, timeout=timeout, jobs=jobs, extra=mutants, progress=False,
                         catalogue_only=True, judged_by=catalogue_judges(directory, notebook, mutants))
    return {o.mutant.function: o for o in report.outcomes}


def catalogue_judges(directory: Path, notebook: Path, mutants=None) -> dict:
    """{mutant key: its FAILS} for `run_mutants(judged_by=...)`; ValueError naming the file if a FAILS entry is not a
    graded test cell that comes after the mutated cell (such a test could never see the mutant)."""
    plan = plan_cells(notebook)
    position = {c.grade_id: p for p, c in enumerate(plan)}
    judges = {}
    for mutant in mutants if mutants is not None else catalogue_mutants(directory, notebook):
        fails = read_mutant_file(Path(directory) / f"{mutant.function}.py")["FAILS"]
        where = position[mutant.grade_id]
        wrong = [g for g in fails if g not in position or plan[position[g]].kind != "test" or position[g] < where]
        if wrong:
            raise ValueError(f"{Path(directory) / mutant.function}.py: FAILS names {wrong}, expected graded test "
                             f"cells that come after the mutated cell {mutant.grade_id!r}")
        judges[mutant.key] = fails
    return judges


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
