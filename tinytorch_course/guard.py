"""The runtime half of the integrity checks: an nbgrader Execute preprocessor that watches the functions the tests
rely on while a submission runs (hand-written, not generated).

Why: the static scan (integrity.py) sees what is written, not what runs -- `def patch(m): m.allclose = ...;
patch(np)` passes it. So `nbgrader autograde` executes notebooks with `GuardedExecute` instead of nbgrader's
`Execute` (nbgrader_defaults.configure puts it in `Autograde.autograde_preprocessors`). It adds three kinds of
cells to the notebook it is about to run, and takes them out again before anything is saved or graded:

* a first cell, run before any student code, that records the identity of every WATCHED object (numpy's and
  numpy.testing's comparison functions, math's, the builtins the tests call, every function of
  tinytorch.testing with its code and defaults, and the sys.modules entries they are imported from) in a
  closure, with its own references to the builtins it needs, under a name that holds a random per-run nonce;
* before every graded test cell, and at the end, a check cell that calls it and prints one line:
  `TINYTORCH-GUARD <nonce> ok` or `... tampered <names>`. The check also reports a notebook global that is a
  function or class of the module's own reference solution (`reference:<name>`), however it was imported.

A check whose output is anything other than that exact line (missing, an error because the student deleted or
broke the guard, extra output) counts as tampering too. The verdict -- which objects changed, first seen before which
test cell -- is read in the nbgrader process from the check cells' outputs (student code cannot write those after
the fact) and written as JSON to `verdict_file` (the runner passes it on the command line); autograde.py turns a
non-empty verdict into `runtime-tamper` flags and a score of 0. The injected cells never reach the gradebook, the
autograded notebook or the feedback, so honest notebooks are graded exactly as before (tests/grading check this).

Limits, stated plainly: a check between cells cannot see a patch that is applied and undone inside one test cell
(the static scan's job), and code that reads this file can target the guard itself; both need tools the scan flags.
"""
import json
import secrets
from pathlib import Path

from nbformat.v4 import new_code_cell
from nbgrader.preprocessors import Execute
from traitlets import Unicode

from .notebook_cells import is_graded_test

__all__ = ["GuardedExecute", "WATCHED", "setup_code", "check_code", "read_verdict"]

GUARD_KEY = "tinytorch_guard"      # cell metadata key marking an injected cell
PREFIX = "TINYTORCH-GUARD"

# module -> attribute names whose identity must not change while a notebook runs. "*assert*" = every public name
# of the module containing 'assert'; "*" = every public function of the module.
WATCHED = {
    "numpy": ["allclose", "isclose", "array_equal", "array_equiv", "all", "any", "abs", "absolute", "isnan",
              "isfinite", "where", "argwhere", "asarray", "array", "nonzero", "sum", "max", "min", "testing"],
    "numpy.testing": ["*assert*"],
    "math": ["isclose", "isfinite", "isnan", "fabs", "inf", "nan"],
    "builtins": ["abs", "all", "any", "len", "isinstance", "issubclass", "print", "float", "int", "bool", "str",
                 "repr", "range", "sorted", "min", "max", "sum", "round", "getattr", "hasattr", "type", "zip",
                 "enumerate", "map", "list", "tuple", "dict", "set", "iter", "next", "id", "AssertionError",
                 "Exception", "ValueError", "TypeError", "object", "__import__"],
    "tinytorch.testing": ["*", "np"],
}


def setup_code(nonce: str, reference: str = "") -> str:
    """The first injected cell: snapshot WATCHED into a closure named _tinytorch_guard_<nonce>. `reference`: the
    dotted name of the module's reference solution; a check then also reports any notebook global that is a
    function or class defined there (the solution imported under any spelling)."""
    return f'''\
def _tinytorch_guard_factory(watched, reference):
    import builtins, importlib, sys, types
    snapshot = {{}}
    for module_name, names in watched.items():
        module = importlib.import_module(module_name)
        snapshot["sys.modules[" + module_name + "]"] = (sys.modules, module_name, module, "item")
        if names == ["*assert*"] or "*" in names:
            picked = [n for n in dir(module) if not n.startswith("_") and
                      ("assert" in n if names == ["*assert*"] else isinstance(getattr(module, n), types.FunctionType))]
            names = picked + [n for n in names if not n.startswith("*")]
            if module_name.startswith("tinytorch"):  # the private helpers of tinytorch.testing too
                names += [n for n in vars(module) if n.startswith("_") and not n.startswith("__")
                          and isinstance(vars(module)[n], types.FunctionType)]
        for name in names:
            value = getattr(module, name)
            snapshot[module_name + "." + name] = (module, name, value, "attr")
            if isinstance(value, types.FunctionType):  # code surgery: f.__code__ = ..., f.__defaults__ = ...
                for part in ("__code__", "__defaults__", "__kwdefaults__"):
                    snapshot[module_name + "." + name + "." + part] = (value, part, getattr(value, part), "attr")
    get, items, write, is_a, listed = getattr, snapshot.items, sys.stdout.write, isinstance, list
    kinds = (types.FunctionType, type)
    missing = object()

    def verify(namespace):
        changed = []
        for key, (owner, name, original, kind) in items():
            now = owner.get(name, missing) if kind == "item" else get(owner, name, missing)
            if now is not original:
                changed.append(key)
        for name, value in listed(namespace.items()):
            origin = get(value, "__module__", None) if is_a(value, kinds) else None
            if reference and is_a(origin, str) and (origin == reference or origin.startswith(reference + ".")):
                changed.append("reference:" + name)
        write("{PREFIX} {nonce} " + ("tampered " + ",".join(changed) if changed else "ok") + "\\n")
    return verify


_tinytorch_guard_{nonce} = _tinytorch_guard_factory({WATCHED!r}, {reference!r})
del _tinytorch_guard_factory
'''


def check_code(nonce: str) -> str:
    "An injected check cell (it passes the notebook's namespace to the guard)."
    return f"_tinytorch_guard_{nonce}(globals())\n"


def _guard_cell(source: str, role: str, before: str):
    cell = new_code_cell(source)
    cell.metadata[GUARD_KEY] = {"role": role, "before": before}
    return cell


def _stream_text(cell) -> tuple:
    "(all stdout text of a cell, True if it had any other output: stderr, an error, a display)."
    text, other = "", False
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            text += out.get("text", "")
        else:
            other = True
    return text, other


def read_verdict(cells, nonce: str) -> list:
    """[{'before': grade_id or 'end', 'problem': text}] from executed guard cells (empty = no tampering seen).
    Each distinct problem is reported once, where it was first seen."""
    problems, seen = [], set()
    for cell in cells:
        role = cell.metadata[GUARD_KEY]["role"]
        before = cell.metadata[GUARD_KEY]["before"]
        text, other = _stream_text(cell)
        if role == "setup":
            problem = "the guard could not start" if (other or text.strip()) else ""
        elif other or text.count("\n") != 1 or not text.startswith(f"{PREFIX} {nonce} "):
            problem = "the guard check was removed or its output altered"
        else:
            verdict = text.strip()[len(f"{PREFIX} {nonce} "):]
            problem = "" if verdict == "ok" else "replaced: " + verdict[len("tampered "):]
        if problem and problem not in seen:
            seen.add(problem)
            problems.append({"before": before, "problem": problem})
    return problems


def _without_guard_cells(cells) -> list:
    "The notebook's own cells, execution counts renumbered as if the guard cells had never run."
    kept, guards_run = [], 0
    for cell in cells:
        if GUARD_KEY in cell.metadata:
            guards_run += cell.get("execution_count") is not None
            continue
        if cell.get("cell_type") == "code" and cell.get("execution_count"):
            cell.execution_count -= guards_run
            for out in cell.get("outputs", []):
                if out.get("execution_count"):
                    out["execution_count"] -= guards_run
        kept.append(cell)
    return kept


class GuardedExecute(Execute):
    "nbgrader's Execute with the runtime guard cells around the notebook (see the module docstring)."

    verdict_file = Unicode("", help="where to write the guard's verdict as JSON ('' = only log it)").tag(config=True)
    reference_module = Unicode("", help="dotted name of the module's reference solution (settings.ini export)"
                               ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        nonce = secrets.token_hex(8)
        cells = [_guard_cell(setup_code(nonce, self.reference_module), "setup", "start")]
        for cell in nb.cells:
            if is_graded_test(cell):
                cells.append(_guard_cell(check_code(nonce), "check", cell.metadata["nbgrader"]["grade_id"]))
            cells.append(cell)
        cells.append(_guard_cell(check_code(nonce), "check", "end"))
        nb.cells = cells
        try:
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            guard = [c for c in nb.cells if GUARD_KEY in c.metadata]
            nb.cells = _without_guard_cells(nb.cells)
        problems = read_verdict(guard, nonce)
        for p in problems:
            self.log.warning("runtime guard: %s (before %s)", p["problem"], p["before"])
        if self.verdict_file:
            Path(self.verdict_file).parent.mkdir(parents=True, exist_ok=True)
            Path(self.verdict_file).write_text(json.dumps({"problems": problems}))
        return nb, resources
