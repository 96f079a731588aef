"""The ADVISORY integrity scan run by `tinytorch autograde` (hand-written, not generated).

Scores never depend on it: the security boundary is the sandbox and the trusted checker (sandbox.py, checker.py),
which run the tests where the student's code cannot reach them. This scan lists suspicious code for the instructor's
review (reports/integrity_flags.csv): a student who patches numpy, reads files or imports the reference earns
nothing from it any more, but may deserve a conversation. It scans every cell the student wrote:

* Which cells are the student's: a code cell whose source equals a code cell of the released notebook, or a locked /
  graded cell of the instructor's source notebook (nbgrader restores those anyway), is not the student's. Every other
  code cell -- a solution cell, an edited unlocked cell, a cell the student added -- is scanned.
* Locked cells: each locked cell of the release must still be there (same grade_id, same source, same nbgrader
  metadata); an edited or deleted test cell is tampering even though nbgrader would restore it.
* Rules (RULES below, data tables next to them): patching imported modules, rebinding names the tests use, frame /
  interpreter introspection, exiting the kernel, dynamic code and imports, shell escapes, reading the grading files,
  using the module's own reference solution (the installed package ships it: settings.ini `export`), reading
  variables that only test cells define.

A cell is parsed after IPython's own input transformation (so `%magic` and `!shell` lines are seen as the calls they
become); a cell that does not parse is not flagged (it cannot run either). Names are resolved through the imports
and simple aliases (`a = np`) of the student cells and of the trusted cells before them, so `import numpy as n;
n.allclose = ...` and `from sys import exit as bye; bye()` are caught. What a static scan cannot see (strings built
at run time, getattr with computed names) is bounded by the rules that forbid the tools it would need (dynamic
imports, exec/eval, __builtins__, frame access); being advisory, it may miss what it cannot see.
"""
import ast
import builtins
import functools
import re
import symtable
import warnings
from dataclasses import dataclass

from .notebook_cells import cell_source, nbgrader_meta

__all__ = ["Flag", "RULES", "scan_notebook", "student_cells", "export_module", "cell_label"]

# rule -> what it means (the report's `reason` column adds what was found and where)
RULES = {
    "module-tamper": "assigns, deletes or setattr()s an attribute of an imported module or test helper",
    "helper-rebind": "rebinds at top level a name the test cells rely on (a check helper, np, math or a builtin)",
    "builtins-access": "touches __builtins__",
    "process-exit": "ends or signals the kernel (sys.exit, os._exit, os.kill, exit(), quit(), SystemExit, signal)",
    "introspection": "inspects frames or the interpreter (inspect, gc, ctypes, sys._getframe, f_back, f_locals...)",
    "namespace-write": "reads globals() or writes a namespace dictionary (vars(x)[k] = ..., __dict__ writes)",
    "dynamic-code": "runs code built at run time (exec, eval, compile)",
    "dynamic-import": "imports by name at run time (__import__, importlib, runpy)",
    "shell": "runs shell commands, subprocesses or IPython magics other than timing/plotting ones",
    "grading-files": "reaches for grading files (.ipynb, gradebook, nbgrader, submitted/, '..' paths, settings.ini)",
    "reference-import": "uses the module's own reference solution (its export target in the installed package)",
    "test-variable": "reads a variable or helper that only a test cell defines",
    "locked-cell-edited": "changed the source of a locked (read-only) cell",
    "locked-cell-deleted": "deleted a locked (read-only) cell",
    "cell-metadata-edited": "changed the nbgrader metadata of a cell (points, grade, locked, solution, grade_id)",
    "copied-reference": "a solution identical to the published reference solution (after normalising layout, "
                        "comments and docstrings)",
}

# Modules whose import alone is a tampering tool; the value is the rule it falls under.
FORBIDDEN_IMPORTS = {
    "inspect": "introspection", "gc": "introspection", "ctypes": "introspection", "_ctypes": "introspection",
    "subprocess": "shell", "pty": "shell", "signal": "process-exit",
    "importlib": "dynamic-import", "runpy": "dynamic-import", "imp": "dynamic-import",
    "nbgrader": "grading-files", "nbformat": "grading-files", "nbclient": "grading-files",
    "jupyter_client": "grading-files", "sqlite3": "grading-files", "tinytorch_course": "grading-files",
    "IPython": "introspection", "__main__": "namespace-write",
}
# ...except these, which students may use to test or show their own work.
ALLOWED_IMPORTS = {"tinytorch.testing", "IPython.display"}
# IPython's input/output history: earlier cells' source (hidden tests included) and results.
IPYTHON_HISTORY = re.compile(r"In|Out|_ih|_oh|_dh|_i|_ii|_iii|_i\d+|_\d+")
# get_ipython() methods that magics and `!` lines compile to (checked by the shell rule); any other use of the
# shell object (user_ns, history_manager, ...) is introspection.
IPYTHON_CALLS = {"run_line_magic", "run_cell_magic", "system", "getoutput"}

# Calls (dotted names after alias resolution) and the rule they fall under. A trailing '*' matches any attribute.
FORBIDDEN_CALLS = {
    "sys.exit": "process-exit", "os._exit": "process-exit", "os.kill": "process-exit", "os.killpg": "process-exit",
    "os.abort": "process-exit", "builtins.exit": "process-exit", "builtins.quit": "process-exit",
    "sys._getframe": "introspection", "sys._current_frames": "introspection", "sys.settrace": "introspection",
    "sys.setprofile": "introspection",
    "builtins.globals": "namespace-write", "builtins.locals": "namespace-write",
    "builtins.exec": "dynamic-code", "builtins.eval": "dynamic-code", "builtins.compile": "dynamic-code",
    "builtins.__import__": "dynamic-import", "importlib.*": "dynamic-import",
    "runpy.*": "dynamic-import",
    "os.system": "shell", "os.popen": "shell", "os.exec*": "shell", "os.spawn*": "shell", "os.fork": "shell",
    "os.posix_spawn*": "shell", "os.remove": "grading-files", "os.unlink": "grading-files",
    "os.rmdir": "grading-files", "os.chdir": "grading-files", "os.walk": "grading-files",
    "os.listdir": "grading-files", "os.scandir": "grading-files", "shutil.rmtree": "grading-files",
}
# Attribute names that only frame walking / code surgery needs.
FORBIDDEN_ATTRIBUTES = {"f_back", "f_locals", "f_globals", "f_builtins", "f_code", "tb_frame", "gi_frame",
                        "cr_frame", "ag_frame", "__globals__", "__closure__", "__code__", "__subclasses__",
                        "co_consts", "__self__", "__traceback__"}
# Modules (and everything imported from them) whose attributes a student must never assign.
PROTECTED_PREFIXES = ("numpy", "math", "builtins", "sys", "os", "tinytorch", "time", "random", "functools",
                      "operator")
# IPython magics a notebook may use; any other magic (or a `!shell` line) is a shell escape.
ALLOWED_MAGICS = {"time", "timeit", "matplotlib", "xmode", "precision", "prun", "who", "whos", "pprint"}
# String constants that point at grading files or folders.
GRADING_STRING = re.compile(r"\.ipynb|gradebook|nbgrader|autograded|submitted|release/|grading/|/grading|"
                            r"settings\.ini|\.db\b|\.\.[/\\]|[/\\]\.\.|^\.\.$", re.I)
NAMESPACE_MUTATORS = {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"}


@dataclass(frozen=True)
class Flag:
    """One finding. `cell`: the cell's grade_id, else 'cell N' (N counts the notebook's cells from 1); `line`: line
    in that cell (1-based; 0 = the whole cell); `rule`: a key of RULES; `reason`: what was found."""
    cell: str
    line: int
    rule: str
    reason: str


def cell_label(cell, index: int) -> str:
    "The grade_id of a cell, else 'cell N' with N counted from 1."
    gid = nbgrader_meta(cell).get("grade_id")
    return gid if gid else f"cell {index + 1}"


def export_module(export: str) -> str:
    "settings.ini `export` path -> dotted module ('tinytorch/optimization/quantization.py' -> '...quantization')."
    path = export.strip().strip("/")
    for suffix in (".py", "/__init__"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return path.replace("/", ".")


# -- which cells are the student's ----------------------------------------------------------------------------------

def _normalized(text: str) -> str:
    "Source compared without trailing whitespace (editors differ there; the code is the same)."
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _trusted_sources(released_nb, source_nb) -> set:
    "Normalized sources that are not the student's: every release code cell, every locked/graded source cell."
    trusted = {_normalized(cell_source(c)) for c in released_nb.get("cells", []) if c.get("cell_type") == "code"}
    if source_nb is not None:
        trusted |= {_normalized(cell_source(c)) for c in source_nb.get("cells", [])
                    if c.get("cell_type") == "code"
                    and (nbgrader_meta(c).get("locked") or nbgrader_meta(c).get("grade"))}
    return trusted


def student_cells(nb, released_nb, source_nb=None) -> list:
    "[(index, cell)] of the code cells the student wrote or changed (see the module docstring)."
    trusted = _trusted_sources(released_nb, source_nb)
    return [(i, c) for i, c in enumerate(nb.get("cells", []))
            if c.get("cell_type") == "code" and _normalized(cell_source(c)) not in trusted]


# -- locked cells and metadata --------------------------------------------------------------------------------------

METADATA_KEYS = ("grade", "solution", "locked", "points", "task")


def _by_grade_id(nb) -> dict:
    out = {}
    for i, c in enumerate(nb.get("cells", [])):
        gid = nbgrader_meta(c).get("grade_id")
        if gid:
            out.setdefault(gid, (i, c))
    return out


def check_locked_cells(nb, released_nb, source_nb=None) -> list:
    """Flags for locked cells of the release that are missing or edited, and for nbgrader metadata the student
    changed (or a grade_id the release does not have)."""
    flags = []
    submitted = _by_grade_id(nb)
    source = _by_grade_id(source_nb) if source_nb is not None else {}
    released = _by_grade_id(released_nb)
    for gid, (_, rel) in released.items():
        meta = nbgrader_meta(rel)
        if gid not in submitted:
            if meta.get("locked") and rel.get("cell_type") == "code":  # a deleted instructions cell changes nothing
                flags.append(Flag(gid, 0, "locked-cell-deleted", f"the locked cell {gid} is missing"))
            continue
        _, sub = submitted[gid]
        changed = [k for k in METADATA_KEYS if nbgrader_meta(sub).get(k) != meta.get(k)]
        if changed:
            flags.append(Flag(gid, 0, "cell-metadata-edited", f"nbgrader metadata changed: {', '.join(changed)}"))
        if meta.get("locked") and rel.get("cell_type") == "code":
            allowed = {_normalized(cell_source(rel))}
            if gid in source:
                allowed.add(_normalized(cell_source(source[gid][1])))
            if _normalized(cell_source(sub)) not in allowed:
                flags.append(Flag(gid, 0, "locked-cell-edited", f"the source of locked cell {gid} was changed"))
    for gid, (i, _) in submitted.items():
        if gid not in released:
            flags.append(Flag(gid, 0, "cell-metadata-edited", f"cell {i + 1} has grade_id {gid!r}, unknown to the "
                                                               f"release"))
    return flags


# -- parsing --------------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8192)  # a batch sees the same release/source cells once per student: transform once
def python_source(text: str):
    "The Python IPython would run for a cell (magics become get_ipython() calls); None if it does not parse."
    from IPython.core.inputtransformer2 import TransformerManager
    try:
        code = TransformerManager().transform_cell(text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences etc. are the student's business
            ast.parse(code)
        return code
    except (SyntaxError, ValueError, IndentationError):
        return None
    except Exception:  # noqa: BLE001 - IPython's transformer can raise odd errors on odd input; it would not run
        return None


def parsed_code_cells(cells):
    "Yield (index, cell, python code, ast) for every code cell that parses (see python_source)."
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        code = python_source(cell_source(cell))
        if code is not None:
            yield i, cell, code, ast.parse(code)


def _dotted(node):
    "'a.b.c' for a Name/Attribute chain (calls and subscripts in the chain are looked through), else None."
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, (ast.Call, ast.Subscript)):
            node = node.func if isinstance(node, ast.Call) else node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return None


def _is_chain(node) -> bool:
    "True for a plain `a.b.c` (names and attributes only, no calls or subscripts)."
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


class Context:
    """What the scan knows about the notebook's names: `aliases` name -> dotted origin ('np' -> 'numpy'),
    `modules` names bound by `import X`, `helper_names` the names test cells rely on, `target` the dotted name of
    the module's reference solution."""

    def __init__(self, target: str, helper_names: set):
        self.target = target
        self.aliases = {}
        self.modules = set()
        self.helper_names = helper_names

    def learn_imports(self, tree):
        "Record every import (at any depth) and simple `a = <alias>` assignments of a parsed cell."
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    name = a.asname or a.name.split(".")[0]
                    self.aliases[name] = a.name if a.asname else a.name.split(".")[0]
                    self.modules.add(name)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and _is_chain(node.value):
                head = _dotted(node.value).split(".")[0]
                if head in self.aliases:  # `a = np`, `t = np.testing`: a and t now stand for numpy objects
                    self.aliases[node.targets[0].id] = self.resolve(node.value)
                    if head in self.modules:
                        self.modules.add(node.targets[0].id)

    def resolve(self, node):
        "Dotted origin of an expression: aliases expanded, bare builtins as 'builtins.x'; None if unknown."
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head in self.aliases:
            base = self.aliases[head]
        elif hasattr(builtins, head):
            base = f"builtins.{head}"
        else:
            base = head
        return f"{base}.{rest}" if rest else base

    def is_protected(self, node) -> bool:
        "True if the root of this Name/Attribute chain is an imported module or an object of a protected module."
        dotted = _dotted(node)
        if dotted is None:
            return False
        head = dotted.split(".")[0]
        if head in self.modules:
            return True
        origin = self.aliases.get(head, "")
        return bool(origin) and origin.split(".")[0] in PROTECTED_PREFIXES

    def mentions_target(self, dotted_or_text: str) -> bool:
        "True if a dotted name or string names the reference module (dotted, as a path, or its file name)."
        t = self.target
        if not t:
            return False
        if t in dotted_or_text.replace("/", ".").replace("\\", "."):
            return True
        tail = t.split(".", 1)[-1].replace(".", "/")  # 'optimization/quantization': a path without the package
        file_name = t.rsplit(".", 1)[-1] + ".py"        # 'quantization.py'
        return ("/" in tail and tail in dotted_or_text.replace("\\", "/")) or file_name in dotted_or_text


def _call_rule(dotted: str):
    "The FORBIDDEN_CALLS rule a resolved call name matches, else None."
    if dotted in FORBIDDEN_CALLS:
        return FORBIDDEN_CALLS[dotted]
    for pattern, rule in FORBIDDEN_CALLS.items():
        if pattern.endswith("*") and dotted.startswith(pattern[:-1]):
            return rule
    return None


def _import_rule(module: str):
    "The FORBIDDEN_IMPORTS rule a module name falls under, else None."
    if module in ALLOWED_IMPORTS:
        return None
    for name, rule in FORBIDDEN_IMPORTS.items():
        if module == name or module.startswith(name + "."):
            return rule
    return None


# -- the per-cell rules ---------------------------------------------------------------------------------------------

class CellScanner(ast.NodeVisitor):
    "Collects Flags for one parsed student cell."

    def __init__(self, ctx: Context, label: str):
        self.ctx = ctx
        self.label = label
        self.flags = []

    def flag(self, node, rule, reason):
        self.flags.append(Flag(self.label, getattr(node, "lineno", 0), rule, reason))

    # imports ------------------------------------------------------------------------------------------------------
    def _check_module_name(self, node, module, shown):
        rule = _import_rule(module)
        if rule:
            self.flag(node, rule, f"imports {shown}")
        if self.ctx.mentions_target(module):
            self.flag(node, "reference-import", f"imports {shown}, the reference solution of this module")

    def visit_Import(self, node):
        for a in node.names:
            self._check_module_name(node, a.name, a.name)

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if node.level:
            self.flag(node, "dynamic-import", f"relative import from {'.' * node.level}{module}")
        fulls = [f"{module}.{a.name}" for a in node.names]
        if any(a.name == "*" for a in node.names) and self.ctx.target.startswith(module + "."):
            self.flag(node, "reference-import", f"star-imports {module}, which holds the reference solution")
        if not all(full in ALLOWED_IMPORTS for full in fulls):  # `from tinytorch import testing` is fine
            self._check_module_name(node, module, module)
        for a, full in zip(node.names, fulls):
            rule = _call_rule(full)
            if rule:
                self.flag(node, rule, f"imports {full}")
            elif self.ctx.mentions_target(full) and not self.ctx.mentions_target(module):
                self.flag(node, "reference-import", f"imports {full}, the reference solution of this module")
            if a.name in FORBIDDEN_ATTRIBUTES or a.name == "__builtins__":
                self.flag(node, "introspection", f"imports {full}")

    # calls --------------------------------------------------------------------------------------------------------
    def visit_Call(self, node):
        name = self.ctx.resolve(node.func)
        if name:
            rule = _call_rule(name)
            if rule:
                self.flag(node, rule, f"calls {name.removeprefix('builtins.')}()")
            if name in ("builtins.setattr", "builtins.delattr") and node.args and self.ctx.is_protected(node.args[0]):
                self.flag(node, "module-tamper", f"{name.split('.')[-1]}() on {_dotted(node.args[0])}")
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("__setattr__", "__delattr__") and (
                    self.ctx.is_protected(node.func.value) or (node.args and self.ctx.is_protected(node.args[0]))):
                self.flag(node, "module-tamper", f"calls {node.func.attr}() on a module or test helper")
            if name.endswith("get_ipython.run_line_magic") or name.endswith("get_ipython.run_cell_magic"):
                self._check_magic(node)
            elif name.startswith("get_ipython.") or name == "get_ipython":
                if name.split(".")[-1] in ("system", "getoutput", "run_cell", "ex", "ev", "run_code"):
                    self.flag(node, "shell", f"calls {name}() (a `!cmd` shell line or IPython internals)")
            if isinstance(node.func, ast.Attribute) and node.func.attr in NAMESPACE_MUTATORS \
                    and self._is_namespace(node.func.value):
                self.flag(node, "namespace-write", f"{node.func.attr}() on a namespace dictionary")
        self.generic_visit(node)

    def _check_magic(self, node):
        first = node.args[0] if node.args else None
        magic = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else "?"
        if magic not in ALLOWED_MAGICS:
            self.flag(node, "shell", f"uses the IPython magic %{magic}")

    def _is_namespace(self, node) -> bool:
        "vars(x), globals(), locals() or something.__dict__"
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            return True
        if isinstance(node, ast.Call):
            return self.ctx.resolve(node.func) in ("builtins.vars", "builtins.globals", "builtins.locals")
        return False

    # writes -------------------------------------------------------------------------------------------------------
    def _check_target(self, target, verb):
        if isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                self._check_target(t, verb)
        elif isinstance(target, ast.Starred):
            self._check_target(target.value, verb)
        elif isinstance(target, ast.Attribute) and self.ctx.is_protected(target.value):
            self.flag(target, "module-tamper", f"{verb} {_dotted(target)}")
        elif isinstance(target, ast.Attribute) and target.attr == "__dict__":
            self.flag(target, "namespace-write", f"{verb} {_dotted(target) or '...'}.__dict__")
        elif isinstance(target, ast.Subscript) and (self._is_namespace(target.value)
                                                    or self.ctx.is_protected(target.value)):
            self.flag(target, "namespace-write", f"{verb} an item of {_dotted(target.value) or 'a namespace'}")

    def visit_Assign(self, node):
        for t in node.targets:
            self._check_target(t, "assigns")
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._check_target(node.target, "updates")
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self._check_target(node.target, "assigns")
        self.generic_visit(node)

    def visit_Delete(self, node):
        for t in node.targets:
            self._check_target(t, "deletes")
        self.generic_visit(node)

    # names, attributes, constants ---------------------------------------------------------------------------------
    def visit_Attribute(self, node):
        if node.attr in FORBIDDEN_ATTRIBUTES:
            self.flag(node, "introspection", f"uses .{node.attr}")
        if node.attr == "__builtins__":
            self.flag(node, "builtins-access", "uses .__builtins__")
        dotted = self.ctx.resolve(node)
        if dotted == "sys.modules":
            self.flag(node, "introspection", "uses sys.modules")
        if dotted and dotted.startswith("get_ipython.") and node.attr not in IPYTHON_CALLS:
            self.flag(node, "introspection", f"uses IPython internals ({dotted})")
        if dotted and self.ctx.mentions_target(dotted) and isinstance(node.ctx, ast.Load) \
                and not isinstance(getattr(node, "parent", None), ast.Attribute):
            self.flag(node, "reference-import", f"uses {dotted}, the reference solution of this module")
        self.generic_visit(node)

    def visit_Name(self, node):
        if node.id == "__builtins__":
            self.flag(node, "builtins-access", "uses __builtins__")
        if node.id in ("SystemExit",) and isinstance(node.ctx, ast.Load):
            self.flag(node, "process-exit", "uses SystemExit")
        if IPYTHON_HISTORY.fullmatch(node.id) and isinstance(node.ctx, ast.Load):
            self.flag(node, "introspection", f"reads IPython's history variable {node.id} (earlier cells' code)")

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            in_fstring = isinstance(getattr(node, "parent", None), ast.JoinedStr)
            if GRADING_STRING.search(node.value) and not (in_fstring and node.value == ".."):  # f"{a}..{b}"
                self.flag(node, "grading-files", f"the string {_short(node.value)} points at grading files")
            if self.ctx.mentions_target(node.value):
                self.flag(node, "reference-import", f"the string {_short(node.value)} names the reference solution")
            if node.value == "__builtins__":
                self.flag(node, "builtins-access", "names '__builtins__' in a string")

    def visit_Global(self, node):
        for name in node.names:
            if name in self.ctx.helper_names:
                self.flag(node, "helper-rebind", f"declares `global {name}` ({name} is used by the tests)")


def _short(text: str, n=60) -> str:
    return repr(text if len(text) <= n else text[:n] + "...")


def _set_parents(tree):
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node


# -- module-level name rules ----------------------------------------------------------------------------------------

def _top_level_bindings(tree) -> dict:
    "{name: (lineno, kind)} bound at module level: kind 'import:<origin>' or 'def'/'assign'."
    out = {}

    def bind(name, node, kind):
        out.setdefault(name, (getattr(node, "lineno", 0), kind))

    def targets(t, node):
        if isinstance(t, ast.Name):
            bind(t.id, node, "assign")
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                targets(e, node)
        elif isinstance(t, ast.Starred):
            targets(t.value, node)

    def walk(body):
        for node in body:
            if isinstance(node, ast.Import):
                for a in node.names:
                    bind(a.asname or a.name.split(".")[0], node,
                         "import:" + (a.name if a.asname else a.name.split(".")[0]))
            elif isinstance(node, ast.ImportFrom):
                for a in node.names:
                    bind(a.asname or a.name, node, f"import:{node.module}.{a.name}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bind(node.name, node, "def")
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    targets(t, node)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                targets(node.target, node)
                walk(node.body + node.orelse)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        targets(item.optional_vars, node)
                walk(node.body)
            elif isinstance(node, (ast.If, ast.While)):
                walk(node.body + node.orelse)
            elif isinstance(node, ast.Try):
                walk(node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body])
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.NamedExpr):
                targets(node.value.target, node)
    walk(tree.body)
    return out


def _global_loads(code: str, tree) -> tuple:
    """Names a cell reads from the notebook's global namespace, as two {name: first lineno} dicts: loads in module
    scope, and loads inside functions/classes that resolve to a global (symtable decides, so parameters and locals
    are left out)."""
    top, nested = set(), set()

    def visit(table):
        for sym in table.get_symbols():
            if sym.is_referenced() and table.get_type() == "module":
                top.add(sym.get_name())
            elif sym.is_referenced() and sym.is_global():
                nested.add(sym.get_name())
        for child in table.get_children():
            visit(child)
    try:
        visit(symtable.symtable(code, "<cell>", "exec"))
    except SyntaxError:
        return {}, {}
    lines = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            lines[node.id] = min(lines.get(node.id, node.lineno), node.lineno)
    return ({n: lines[n] for n in top if n in lines}, {n: lines[n] for n in nested if n in lines})


class NotebookNames:
    """Module-level names of the trusted cells, split by role: names test cells use as helpers, data/functions only
    test cells define, and names bound to the reference module."""

    def __init__(self, released_nb, source_nb, target):
        self.helper_names, self.helper_origin = set(), {}
        self.test_defined, self.other_defined = set(), set()
        self.reference_names = set()
        cells = list(released_nb.get("cells", []))
        if source_nb is not None:
            cells += [c for c in source_nb.get("cells", [])
                      if nbgrader_meta(c).get("grade") or nbgrader_meta(c).get("locked")]
        for _, c, _, tree in parsed_code_cells(cells):
            is_test = bool(nbgrader_meta(c).get("grade")) and not nbgrader_meta(c).get("solution")
            for name, (_, kind) in _top_level_bindings(tree).items():
                if kind.startswith("import:") and target and _mentions(target, kind[7:]):
                    self.reference_names.add(name)
                if is_test:
                    if kind.startswith("import:"):
                        self.helper_names.add(name)
                        self.helper_origin[name] = kind[7:]
                    else:
                        self.test_defined.add(name)
                else:
                    self.other_defined.add(name)
            if is_test:  # builtins the tests call are helpers too (len, isinstance, abs, print...)
                self.helper_names |= {n.id for n in ast.walk(tree)
                                      if isinstance(n, ast.Name) and hasattr(builtins, n.id)}

    def test_only(self) -> set:
        return self.test_defined - self.other_defined - self.helper_names


def _mentions(target: str, dotted: str) -> bool:
    return dotted == target or dotted.startswith(target + ".")


def _name_flags(label, tree, code, names: NotebookNames, student_bindings: set, earlier_bindings: set) -> list:
    """helper-rebind, test-variable and reference-name flags of one cell. `student_bindings`: module-level names of
    all student cells; `earlier_bindings`: those of the student cells above this one."""
    flags = []
    bound_here = _top_level_bindings(tree)
    for name, (line, kind) in bound_here.items():
        if name not in names.helper_names:
            continue
        same_import = kind.startswith("import:") and kind[7:] == names.helper_origin.get(name, f"builtins.{name}")
        if not same_import:
            flags.append(Flag(label, line, "helper-rebind", f"rebinds {name}, which the test cells use"))
    top, nested = _global_loads(code, tree)
    # A function may read a global any student cell defines. Module-level code reads the test's value unless the
    # student bound the name first (an earlier cell, or an earlier line: `expected = expected` reads it).
    reads = {n: lineno for n, lineno in nested.items() if n not in student_bindings}
    reads.update({n: lineno for n, lineno in top.items()
                  if n not in earlier_bindings and not (n in bound_here and bound_here[n][0] < lineno)})
    for name, line in sorted(reads.items()):
        if name in names.test_only():
            flags.append(Flag(label, line, "test-variable", f"reads {name}, which only a test cell defines"))
        if name in names.reference_names:
            flags.append(Flag(label, line, "reference-import", f"uses {name}, which a notebook cell binds to the "
                                                               f"reference solution"))
    return flags


# -- the whole notebook ---------------------------------------------------------------------------------------------

def scan_notebook(nb, released_nb, module, source_nb=None) -> list:
    """Every integrity Flag of a submitted notebook `nb` (a dict / NotebookNode), compared with the release and,
    when given, the instructor's source notebook. `module`: the course Module (its `export` names the reference
    solution) or None. Returns flags in notebook order."""
    target = export_module(module.export) if module is not None and getattr(module, "export", "") else ""
    flags = check_locked_cells(nb, released_nb, source_nb)
    names = NotebookNames(released_nb, source_nb, target)
    ctx = Context(target, names.helper_names)
    trusted = _trusted_sources(released_nb, source_nb)
    parsed = []
    for i, cell, code, tree in parsed_code_cells(nb.get("cells", [])):
        ctx.learn_imports(tree)  # every cell's imports, in order, so aliases resolve in later cells
        if _normalized(cell_source(cell)) not in trusted:
            parsed.append((i, cell, code, tree))
    student_bindings, earlier = set(), set()
    for _, _, _, tree in parsed:
        student_bindings |= set(_top_level_bindings(tree))
    for i, cell, code, tree in parsed:
        label = cell_label(cell, i)
        _set_parents(tree)
        scanner = CellScanner(ctx, label)
        scanner.visit(tree)
        flags += scanner.flags
        flags += _name_flags(label, tree, code, names, student_bindings, earlier)
        earlier |= set(_top_level_bindings(tree))
    flags += copied_reference_flags(nb, source_nb)
    return _unique(flags)


def _shape_of(source: str):
    "The code's AST with docstrings dropped, as text (layout, comments and docstrings do not matter), or None."
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False)


def copied_reference_flags(nb, source_nb) -> list:
    """copied-reference flags: solution cells whose code is the source notebook's (= the published package's)
    solution once layout, comments and docstrings are set aside. Advisory: copying is for the instructor to judge."""
    if source_nb is None:
        return []
    reference = {nbgrader_meta(c).get("grade_id"): _shape_of(cell_source(c)) for c in source_nb.get("cells", [])
                 if nbgrader_meta(c).get("solution") and c.get("cell_type") == "code"}
    flags = []
    for i, cell in enumerate(nb.get("cells", [])):
        gid = nbgrader_meta(cell).get("grade_id")
        if cell.get("cell_type") == "code" and gid in reference and reference[gid] is not None \
                and _shape_of(cell_source(cell)) == reference[gid]:
            flags.append(Flag(cell_label(cell, i), 0, "copied-reference", "this solution is the published "
                                                                           "reference solution, line for line"))
    return flags


def _unique(flags) -> list:
    "Drop exact repeats (one construct can match twice), keep order."
    seen, out = set(), []
    for f in flags:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out
