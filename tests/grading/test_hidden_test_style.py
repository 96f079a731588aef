"""Graded test cells use the shared kit of `tinytorch.testing` instead of their own copies (static, fast).

The hidden tests of modules 15-20 once redefined the same helpers cell by cell (the crash wrapper `call` in 16
cells, the "an integer but not a bool" test written out inline, module 17's qparams reference four times with three
signatures, ad-hoc fake clocks). A copy drifts: one cell's wrapper stops naming the case, one reference rounds
differently. So in every graded test cell of every registered module, visible and hidden parts alike:
  * no function or class is defined (and no name assigned) under the name of a `tinytorch.testing` helper;
  * no function is a crash wrapper of its own (a body that is `try: return f(...)` / `except Exception: raise
    AssertionError(...)`): use `call(name, case, fn, ...)`;
  * `call` is called as `call(name, case, fn, *args)` (a leftover call in the signature of an old local wrapper
    would crash, or test nothing);
  * no inline integer test `isinstance(x, (int, np.integer)) and not isinstance(x, bool)` or `type(x) is int`: use
    `is_integer(x)` or `check_integer(name, x, case, ...)`;
  * no private copy of a kit reference: no function named `softmax`/`log_softmax`/`conv2d`/`qparams`, or `ref_...`/
    `reference_...` ending in one of those (methods of a test's own classes are not references);
and every module's hidden tests wrap student calls in `call` somewhere, so a crash names its case.
"""
import ast

import pytest

import tinytorch.testing as kit
from conftest import ROOT
from tinytorch_course.course import load_course
from tinytorch_course.notebook_cells import graded_tests, strip_magics

COURSE = load_course(ROOT)
KIT_NAMES = set(kit.__all__)
# what the kit's NumPy references compute; a test function named after one is a private copy of it
REFERENCE_STEMS = {name.removeprefix("reference_") for name in KIT_NAMES if name.startswith("reference_")}


def _is_call_to(node, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _isinstance_of(node, type_names: set) -> bool:
    "`node` is isinstance(x, T) (or `not isinstance(...)`) where T names one of `type_names` (alone or in a tuple)."
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        node = node.operand
    if not (_is_call_to(node, "isinstance") and len(node.args) == 2):
        return False
    types = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
    return any(ast.unparse(t) in type_names for t in types)


def _is_crash_wrapper(fn: ast.FunctionDef) -> bool:
    "Body (after a docstring) is one `try: return <call>` whose `except Exception` raises AssertionError."
    body = fn.body[1:] if fn.body and isinstance(fn.body[0], ast.Expr) and isinstance(fn.body[0].value,
                                                                                       ast.Constant) else fn.body
    if len(body) != 1 or not isinstance(body[0], ast.Try):
        return False
    tried, handlers = body[0].body, body[0].handlers
    returns_call = len(tried) == 1 and isinstance(tried[0], ast.Return) and isinstance(tried[0].value, ast.Call)
    reraises = any(h.type is not None and ast.unparse(h.type) == "Exception"
                   and any(isinstance(n, ast.Raise) and n.exc is not None and _is_call_to(n.exc, "AssertionError")
                           for n in ast.walk(h)) for h in handlers)
    return returns_call and reraises


def _kit_call_signature(node: ast.Call) -> bool:
    "`call(name, case, fn, ...)`: a string literal first, and a function (a name, attribute or lambda) third."
    return (len(node.args) >= 3 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            and isinstance(node.args[2], (ast.Name, ast.Attribute, ast.Lambda)))


def _is_reference_copy(name: str) -> bool:
    if name in REFERENCE_STEMS:
        return True
    return name.startswith(("ref_", "reference_")) and any(name.endswith(stem) for stem in REFERENCE_STEMS)


def _functions_outside_classes(tree):
    "Every (async) function definition of `tree` that is not a method of a class."
    methods = {id(n) for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for n in c.body
               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return [n for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and id(n) not in methods]


def style_problems(source: str) -> list:
    "['line N: problem'] for one graded test cell's source (IPython magics allowed)."
    tree = ast.parse(strip_magics(source))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in KIT_NAMES:
            problems.append(f"line {node.lineno}: defines its own {node.name}; import it from tinytorch.testing")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in KIT_NAMES:
            problems.append(f"line {node.lineno}: assigns the name of the kit helper {node.id}")
        elif isinstance(node, ast.BoolOp) and any(_isinstance_of(v, {"bool"}) for v in node.values) \
                and any(_isinstance_of(v, {"int", "np.integer", "numpy.integer"}) for v in node.values):
            problems.append(f"line {node.lineno}: inline integer-but-not-bool test; use is_integer / check_integer")
        elif _is_call_to(node, "call") and not _kit_call_signature(node):
            problems.append(f"line {node.lineno}: call(...) needs (name, case, fn, *args): the function's name as a "
                            "string, the case, then the function (an old local wrapper's signature?)")
        elif isinstance(node, ast.Compare) and _is_call_to(node.left, "type") \
                and any(isinstance(op, (ast.Is, ast.Eq)) for op in node.ops) \
                and any(isinstance(c, ast.Name) and c.id == "int" for c in node.comparators):
            problems.append(f"line {node.lineno}: inline `type(x) is int`; use check_integer(..., python_int=True)")
    for fn in _functions_outside_classes(tree):
        if fn.name not in KIT_NAMES and _is_crash_wrapper(fn):
            problems.append(f"line {fn.lineno}: {fn.name} is a crash wrapper of its own; use call(name, case, fn, ...)")
        if fn.name not in KIT_NAMES and _is_reference_copy(fn.name):
            problems.append(f"line {fn.lineno}: {fn.name} copies a kit reference; use tinytorch.testing's")
    return sorted(set(problems), key=lambda p: int(p.split()[1].rstrip(":")))


def _hidden_part(source: str) -> str:
    return source.split("### BEGIN HIDDEN TESTS", 1)[1] if "### BEGIN HIDDEN TESTS" in source else ""


def uses_call(sources) -> bool:
    "Some hidden part calls the kit's `call`."
    return any(_is_call_to(n, "call") for s in sources for n in ast.walk(ast.parse(strip_magics(_hidden_part(s)))))


def _module_cells(folder):
    return graded_tests(COURSE.resolve(folder).source_path(ROOT))


@pytest.mark.parametrize("folder", [m.folder for m in COURSE.modules])
def test_graded_cells_use_the_kit(folder):
    found = [f"{grade_id} {problem}" for grade_id, cell in _module_cells(folder).items()
             for problem in style_problems(cell.source)]
    assert not found, f"{folder}: {len(found)} private copies of tinytorch.testing helpers: " + "; ".join(found)


@pytest.mark.parametrize("folder", [m.folder for m in COURSE.modules])
def test_hidden_tests_name_the_case_of_a_crash(folder):
    assert uses_call(c.source for c in _module_cells(folder).values()), \
        f"{folder}: no hidden test wraps a call in call(name, case, fn, ...): a crash would not name its case"


WRAPPER = ("def call(name, case, fn, *args, **kwargs):\n    'doc'\n    try:\n        return fn(*args, **kwargs)\n"
           "    except Exception as err:\n        raise AssertionError(f'{name}: [{case}] {err}') from None\n")


@pytest.mark.parametrize("source, expected", [
    (WRAPPER, ["line 1: defines its own call; import it from tinytorch.testing"]),
    (WRAPPER.replace("def call(name, ", "def run(").replace("fn(*args", "f(*args"),
     ["line 1: run is a crash wrapper of its own; use call(name, case, fn, ...)"]),
    ("ok = isinstance(z, (int, np.integer)) and not isinstance(z, bool)",
     ["line 1: inline integer-but-not-bool test; use is_integer / check_integer"]),
    ("if isinstance(n, bool) or not isinstance(n, int):\n    pass",
     ["line 1: inline integer-but-not-bool test; use is_integer / check_integer"]),
    ("check_true('f', type(got) is int, 'must be an int', case)",
     ["line 1: inline `type(x) is int`; use check_integer(..., python_int=True)"]),
    ("def ref_act_qparams(lo, hi):\n    return 1.0, 0", ["line 1: ref_act_qparams copies a kit reference; use "
                                                         "tinytorch.testing's"]),
    ("def f(z):\n    def log_softmax(z):\n        return z\n    return log_softmax(z)",
     ["line 2: log_softmax copies a kit reference; use tinytorch.testing's"]),
    ("class FakeClock:\n    pass", ["line 1: defines its own FakeClock; import it from tinytorch.testing"]),
    ("got = call('l1 vs l2', w, 0.5, 'l1')",
     ["line 1: call(...) needs (name, case, fn, *args): the function's name as a "
      "string, the case, then the function (an old local wrapper's signature?)"]),
    ("res = call(case, run_scenario, None, task)", ["line 1: call(...) needs (name, case, fn, *args): the function's "
                                                    "name as a string, the case, then the function (an old local "
                                                    "wrapper's signature?)"]),
    # allowed: the kit itself, a check helper named after a task, a test class's own qparams method, a wrapper that
    # does more than re-raise (it checks the result too)
    ("%xmode Minimal\nfrom tinytorch.testing import call, is_integer\nz = call('f', 'n=3', f, 3)\n"
     "def check_qparams(lo, hi):\n    pass\nclass FixedObserver:\n    def qparams(self):\n        return 1.0, 0\n"
     "def accepts(sub):\n    try:\n        got = f(sub)\n    except Exception as err:\n"
     "        raise AssertionError(str(err)) from None\n    return got", []),
])
def test_the_scanner_itself(source, expected):
    assert style_problems(source) == expected


def test_uses_call_reads_only_hidden_parts():
    visible_only = "z = call('f', 'n=3', f, 3)\n### BEGIN HIDDEN TESTS\nx = 1\n### END HIDDEN TESTS"
    hidden = "x = 1\n### BEGIN HIDDEN TESTS\nz = call('f', 'n=3', f, 3)\n### END HIDDEN TESTS"
    assert not uses_call([visible_only]) and uses_call([visible_only, hidden])
