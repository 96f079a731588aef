"""The static integrity scan (tinytorch_course/integrity.py), rule by rule, on tiny in-memory notebooks; then the
false-positive guard: the honest code of every course module (its source and its release) raises no flag.

Each rule has at least one positive example (a snippet that must raise exactly that rule) and one negative example
(honest code that looks similar and must raise nothing).
"""
import copy

import json

import nbformat
import pytest
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions, LockCells

from conftest import ROOT
from tinytorch_course.course import Module, load_course
from tinytorch_course.integrity import RULES, export_module, scan_notebook, student_cells

MODULE = Module("17_quantization", "quantization.ipynb", "tinytorch/optimization/quantization.py", "Quantization")

TEST_CELL = ("import numpy as np\n"
             "from tinytorch.testing import check_close\n"
             "assert len(f(np.ones(2))) == 2\n")
HIDDEN = ("### BEGIN HIDDEN TESTS\n"
          "expected = np.arange(3.0) + 1\n"
          "def reference(v):\n    return v + 1\n"
          "check_close('f', f(np.arange(3.0)), expected)\n"
          "### END HIDDEN TESTS\n")


def _cell(source, **nbgrader):
    cell = nbformat.v4.new_code_cell(source)
    if nbgrader:
        cell.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "locked": False, "solution": False,
                                     **nbgrader}
    return cell


def _source_nb():
    "An instructor notebook: an imports cell, a goal cell importing the reference, a solution and its test."
    return nbformat.v4.new_notebook(cells=[
        _cell("import numpy as np\nimport math\n"),
        _cell("from tinytorch.optimization import quantization as finished\nprint(finished.__name__)\n",
              grade_id="goal", locked=True),
        _cell("def f(v):\n    ### BEGIN SOLUTION\n    return v + 1\n    ### END SOLUTION\n",
              grade_id="f", solution=True),
        _cell(TEST_CELL + HIDDEN, grade_id="test_f", grade=True, locked=True, points=2.0),
    ])


def _release(source):
    "What `tinytorch release` makes of it (the nbgrader preprocessors that matter here, in process)."
    nb = copy.deepcopy(source)
    for preprocessor in (LockCells, ClearSolutions, ClearHiddenTests):
        nb, _ = preprocessor().preprocess(nb, {})
    return nb


SOURCE = _source_nb()
RELEASE = _release(SOURCE)


def submit(solution: str, extra_cells=()):
    "A student's notebook: the release with the solution cell `f` replaced, plus cells appended."
    nb = copy.deepcopy(RELEASE)
    nb.cells[2].source = solution
    nb.cells.extend(_cell(src) for src in extra_cells)
    return nb


def rules_of(nb) -> set:
    return {f.rule for f in _scan(nb, RELEASE, MODULE, SOURCE)}


HONEST_F = "def f(v):\n    return v + 1\n"

# rule -> (positive snippets, negative snippets); every snippet replaces the solution cell
EXAMPLES = {
    "module-tamper": (["np.allclose = lambda *a, **k: True\n" + HONEST_F,
                       "import numpy.testing as npt\nnpt.assert_allclose = print\n" + HONEST_F,
                       "import numpy as n\nalias = n\nalias.isclose = None\n" + HONEST_F,
                       "setattr(np, 'array_equal', lambda *a: True)\n" + HONEST_F,
                       "np.__setattr__('allclose', print)\n" + HONEST_F,
                       "object.__setattr__(np, 'allclose', print)\n" + HONEST_F,
                       "import math\nmath.isclose += 0\n" + HONEST_F,
                       "del np.testing\n" + HONEST_F,
                       "from tinytorch import testing\ntesting.check_close = print\n" + HONEST_F,
                       "from tinytorch.testing import check_close\ncheck_close.__defaults__ = ()\n"
                       + HONEST_F],
                      ["class Box:\n    pass\nb = Box()\nb.value = np.ones(2)\n" + HONEST_F,
                       "class Frozen:\n    def __init__(self, v):\n        object.__setattr__(self, 'v', v)\n"
                       + HONEST_F,
                       "def f(v):\n    out = np.zeros_like(v)\n    out[:] = v + 1\n    return out\n",
                       "def f(v):\n    layer = object.__new__(type('L', (), {}))\n    layer.w = v\n"
                       "    return v + 1\n"]),
    "helper-rebind": (["def check_close(*a, **k):\n    pass\n" + HONEST_F,
                       "len = lambda x: 2\n" + HONEST_F,
                       "import numpy.random as np\n" + HONEST_F,
                       "def f(v):\n    global check_close\n    check_close = print\n    return v + 1\n"],
                      ["import numpy as np\nfrom tinytorch.testing import check_close\n" + HONEST_F,
                       "def f(v):\n    len = 3\n    return v + len - 2\n"]),
    "builtins-access": (["__builtins__.len = lambda x: 2\n" + HONEST_F,
                         "b = getattr(np, '__builtins__', None)\n" + HONEST_F],
                        ["def f(v):\n    return v + abs(1)\n"]),
    "process-exit": (["import sys\nsys.exit(0)\n" + HONEST_F, "import os\nos._exit(1)\n" + HONEST_F,
                      "exit()\n" + HONEST_F, "quit()\n" + HONEST_F, "raise SystemExit\n" + HONEST_F,
                      "from sys import exit as bye\nbye()\n" + HONEST_F,
                      "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n" + HONEST_F],
                     ["import sys\nprint(sys.version)\n" + HONEST_F, "import os\nprint(os.cpu_count())\n" + HONEST_F]),
    "introspection": (["import inspect\n" + HONEST_F, "import gc\n" + HONEST_F, "import ctypes\n" + HONEST_F,
                       "import sys\ndef f(v):\n    return sys._getframe(1).f_locals['expected']\n",
                       "def f(v):\n    try:\n        raise ValueError\n    except ValueError as e:\n"
                       "        return e.__traceback__.tb_frame.f_back.f_globals['expected']\n",
                       "def f(v):\n    return check_close.__globals__['np'].ones(3) + v\n",
                       "def f(v):\n    return v + len(In[-1])\n", "hidden = _ih[4]\n" + HONEST_F,
                       "def f(v):\n    return get_ipython().user_ns['expected']\n",
                       "import sys\nmain = sys.modules['__main__']\n" + HONEST_F],
                      ["import time\ndef f(v):\n    t = time.perf_counter()\n    return v + 1\n",
                       "from IPython.display import display, Markdown\ndisplay(Markdown('**done**'))\n" + HONEST_F,
                       "def f(v):\n    _, inner = divmod(3, 2)\n    return v + inner\n",
                       "if __name__ == '__main__':\n    print('run as a script')\n" + HONEST_F]),
    "namespace-write": (["def f(v):\n    return globals()['expected']\n",
                         "vars(np)['allclose'] = print\n" + HONEST_F,
                         "np.__dict__.update(allclose=print)\n" + HONEST_F,
                         "import sys\nsys.modules['numpy'] = None\n" + HONEST_F],
                        ["def f(v):\n    names = sorted(vars(type(v)))\n    return v + 1\n",
                         "def f(v):\n    d = {}\n    d['k'] = 1\n    d.update(x=2)\n    return v + 1\n"]),
    "dynamic-code": (["exec('np.allclose = print')\n" + HONEST_F, "def f(v):\n    return eval('v + 1')\n",
                      "code = compile('1', 's', 'eval')\n" + HONEST_F],
                     ["import re\npattern = re.compile('a+')\n" + HONEST_F,
                      "def f(v, model=None):\n    if model is not None:\n        model.eval()\n    return v + 1\n"]),
    "dynamic-import": (["m = __import__('numpy')\n" + HONEST_F, "import importlib\n" + HONEST_F,
                        "from . import sibling\n" + HONEST_F],
                       ["import numpy\n" + HONEST_F]),
    "shell": (["!ls ..\n" + HONEST_F, "import subprocess\n" + HONEST_F, "import os\nos.system('ls')\n" + HONEST_F,
               "%run other.py\n" + HONEST_F, "%%bash\nls\n"],
              ["%timeit np.ones(3)\n" + HONEST_F, "%matplotlib inline\n" + HONEST_F]),
    "grading-files": (["open('../../gradebook.db').read()\n" + HONEST_F,
                       "import json\nnb = json.load(open('quantization.ipynb'))\n" + HONEST_F,
                       "import os\nprint(os.listdir('.'))\n" + HONEST_F, "import nbformat\n" + HONEST_F,
                       "from pathlib import Path\ntext = (Path('..') / 'x').read_text()\n" + HONEST_F],
                      ["def f(v):\n    if v.ndim > 2:\n        raise ValueError(f'{v.ndim}..{v.size} too large')\n"
                       "    return v + 1\n",
                       "from tinytorch.testing import check_close\n" + HONEST_F]),
    "reference-import": (["from tinytorch.optimization.quantization import quantize\n" + HONEST_F,
                          "import tinytorch.optimization.quantization as q\n" + HONEST_F,
                          "from tinytorch.optimization import quantization\n" + HONEST_F,
                          "import tinytorch\ndef f(v):\n    return tinytorch.optimization.quantization.f(v)\n",
                          "import importlib.util\nspec = importlib.util.spec_from_file_location('q', "
                          "'/site-packages/tinytorch/optimization/quantization.py')\n" + HONEST_F,
                          "def f(v):\n    return finished.f(v)\n",
                          "from tinytorch.optimization import *\n" + HONEST_F,
                          "import glob\npaths = glob.glob('/**/quantization.py', recursive=True)\n" + HONEST_F],
                         ["from tinytorch.optimization.acceleration import matmul_blocked\n" + HONEST_F,
                          "from tinytorch.core.nn import *\n" + HONEST_F,
                          "from tinytorch.core.tensor import Tensor\n" + HONEST_F]),
    "test-variable": (["def f(v):\n    return expected\n", "def f(v):\n    return reference(v)\n",
                       "expected = expected\n" + HONEST_F],
                      ["expected = np.ones(3)\ndef f(v):\n    return v + expected[0]\n",
                       "def f(v):\n    expected = v + 1\n    return expected\n"]),
}


def _cases(kind):
    index = 0 if kind == "positive" else 1
    return [pytest.param(rule, code, id=f"{rule}-{i}") for rule, examples in EXAMPLES.items()
            for i, code in enumerate(examples[index])]


def test_every_code_rule_has_examples():
    # the locked-cell rules are tested below
    cell_rules = set(RULES) - {"locked-cell-edited", "locked-cell-deleted", "cell-metadata-edited", "copied-reference"}
    assert cell_rules <= set(EXAMPLES), f"rules without examples: {cell_rules - set(EXAMPLES)}"


@pytest.mark.parametrize("rule, code", _cases("positive"))
def test_rule_fires_on_its_positive_example(rule, code):
    found = rules_of(submit(code))
    assert rule in found, f"{rule} not raised by:\n{code}\n(raised: {found or 'nothing'})"


@pytest.mark.parametrize("rule, code", _cases("negative"))
def test_honest_lookalike_raises_nothing(rule, code):
    flags = _scan(submit(code), RELEASE, MODULE, SOURCE)
    assert not flags, f"honest code flagged (lookalike of {rule}):\n{code}\n{flags}"


def test_flag_names_cell_line_rule_and_reason():
    [flag] = _scan(submit("x = 1\nnp.allclose = print\n" + HONEST_F), RELEASE, MODULE, SOURCE)
    assert (flag.cell, flag.line, flag.rule) == ("f", 2, "module-tamper") and "np.allclose" in flag.reason


def _scan(*args):
    "scan_notebook without copied-reference flags: these tests build submissions from the fixture's own solution."
    return [f for f in scan_notebook(*args) if f.rule != "copied-reference"]


def test_added_cell_is_scanned_and_named_by_position():
    [flag] = _scan(submit(HONEST_F, ["import gc\n"]), RELEASE, MODULE, SOURCE)
    assert (flag.cell, flag.rule) == ("cell 5", "introspection")


def test_unedited_release_cells_are_not_the_students():
    "The goal cell imports the reference solution, but it is the release's own code: not scanned, not flagged."
    nb = submit(HONEST_F)
    assert [i for i, _ in student_cells(nb, RELEASE, SOURCE)] == [2]
    assert _scan(nb, RELEASE, MODULE, SOURCE) == []


def test_edited_deleted_and_relabelled_locked_cells():
    edited = submit(HONEST_F)
    edited.cells[3].source = "assert True\n"
    assert rules_of(edited) == {"locked-cell-edited"}
    deleted = submit(HONEST_F)
    del deleted.cells[3]
    assert rules_of(deleted) == {"locked-cell-deleted"}
    points = submit(HONEST_F)
    points.cells[3].metadata["nbgrader"]["points"] = 100.0
    assert rules_of(points) == {"cell-metadata-edited"}
    unlocked = submit(HONEST_F)  # a test cell turned into an ordinary cell would run the student's version
    unlocked.cells[3].metadata.pop("nbgrader")
    unlocked.cells[3].source = "pass\n"
    assert rules_of(unlocked) == {"locked-cell-deleted"}
    # the instructor's version (hidden tests included) of a locked cell is not an edit: nbgrader restores it anyway
    as_source = submit(HONEST_F)
    as_source.cells[3].source = SOURCE.cells[3].source
    assert rules_of(as_source) == set()


def test_unparsable_cell_is_not_flagged():
    assert rules_of(submit("def f(v:\n    np.allclose = print\n")) == set()


def test_export_module():
    assert export_module("tinytorch/optimization/quantization.py") == "tinytorch.optimization.quantization"
    assert export_module("tinytorch/capstone/") == "tinytorch.capstone"


# -- false positives on the real course ----------------------------------------------------------------------------

COURSE = load_course(ROOT)


@pytest.mark.parametrize("module", COURSE.modules, ids=lambda m: m.folder)
def test_course_source_and_release_raise_no_flag(module):
    """The instructor's solutions are honest code: submitted as is, the source notebook raises no flag but
    `copied-reference` (one per solution cell: it IS the published reference), the untouched release none."""
    source = nbformat.read(COURSE.require_source(module), as_version=4)
    release = _release(source)
    assert student_cells(source, release, source), f"{module.folder}: no solution cell was scanned"
    solutions = [c for c in source.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    for name, nb in (("source", source), ("release", release)):
        flags = scan_notebook(nb, release, module, source)
        others = [f for f in flags if f.rule != "copied-reference"]
        assert not others, f"{module.folder} {name} notebook flagged:\n" + "\n".join(map(str, others))
        copied = [f for f in flags if f.rule == "copied-reference"]
        assert len(copied) == (len(solutions) if name == "source" else 0), (name, copied)


def test_a_copied_reference_is_flagged_through_layout_and_comments():
    module = COURSE.resolve("15")
    source = nbformat.read(COURSE.require_source(module), as_version=4)
    release = _release(source)
    sub = nbformat.from_dict(json.loads(json.dumps(release)))
    ref = next(c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "matmul_naive")
    cell = next(c for c in sub.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "matmul_naive")
    cell.source = "# my own work!\n" + ref.source.replace("    ", "  ")
    flags = [f for f in scan_notebook(sub, release, module, source) if f.rule == "copied-reference"]
    assert [f.cell for f in flags] == ["matmul_naive"], flags
    cell.source = ref.source.replace("total += a[i, p] * b[p, j]", "total = total + a[i, p] * b[p, j]")
    assert cell.source != ref.source
    assert not [f for f in scan_notebook(sub, release, module, source) if f.rule == "copied-reference"]
