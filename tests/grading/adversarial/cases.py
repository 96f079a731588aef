"""The adversarial catalogue: submissions of the fixture module 99_demo (add_one: test_add_one = 2 points, double:
test_double = 1 point) built from its source notebook, each with the outcome autograde must produce.

* CHEATS try to earn points they did not (or to break or read the grader). Each must be flagged with `rule` and
  score 0. Most keep correct functions, so a grader without the integrity layer would give them marks; all but
  runtime_patch are caught by the static scan and never run, runtime_patch runs and is caught by the runtime guard.
* FAULTS are broken, not dishonest (a hang, a memory bomb, a print flood, malformed JSON): the batch must survive
  them and give exactly the points the rest of the notebook earns; none is flagged.
* HONEST submissions must keep their exact score and raise no flag, including code that looks unusual (its own
  imports, helpers, self-checks with the course's check functions, an edited unlocked cell).
"""
import json
from dataclasses import dataclass
from pathlib import Path

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "course"
DEMO_SOURCE = FIXTURE_COURSE / "modules" / "99_demo" / "demo.ipynb"
FULL_ADD_ONE = "def add_one(x):\n    return x + 1\n"
FULL_DOUBLE = "def double(x):\n    return 2 * x\n"


@dataclass(frozen=True)
class Case:
    """One submission. `edits`: {grade_id or '#<cell index>': new source, or None to delete the cell}; `raw`: file
    text instead of a notebook; `status`, `score`: the expected report row; `rule`: the rule a cheat must trigger."""
    student: str
    edits: dict
    status: str
    score: float
    rule: str = ""
    raw: str = ""

    def notebook_text(self) -> str:
        "The submitted file: the source notebook with `edits` applied (or `raw`)."
        if self.raw:
            return self.raw
        nb = json.loads(DEMO_SOURCE.read_text())
        cells, keys = [], set()
        for i, cell in enumerate(nb["cells"]):
            key = cell["metadata"].get("nbgrader", {}).get("grade_id") or f"#{i}"
            keys.add(key)
            if key in self.edits:
                if self.edits[key] is None:
                    continue
                cell = {**cell, "source": self.edits[key]}
            cells.append(cell)
        missing = set(self.edits) - keys
        assert not missing, f"case {self.student}: no cell {missing} in {DEMO_SOURCE}"
        return json.dumps({**nb, "cells": cells})


def cheat(student, rule, add_one=FULL_ADD_ONE, **edits):
    "A cheat that rewrites the add_one cell (and maybe others) and must be flagged with `rule`."
    return Case(student, {"add_one": add_one, **edits}, "flagged", 0.0, rule)


CHEATS = [
    cheat("np_allclose", "module-tamper", "np.allclose = lambda *a, **k: True\n" + FULL_ADD_ONE),
    cheat("np_testing", "module-tamper", "import numpy as n\nn.testing.assert_allclose = lambda *a, **k: None\n"
                                         + FULL_ADD_ONE),
    cheat("np_setattr", "module-tamper", "setattr(np, 'array_equal', lambda *a, **k: True)\n" + FULL_ADD_ONE),
    cheat("builtins_tamper", "module-tamper", "import builtins\nbuiltins.isinstance = lambda *a: True\n"
                                              + FULL_ADD_ONE),
    cheat("builtins_dict", "builtins-access", "__builtins__.__dict__['abs'] = lambda x: 0\n" + FULL_ADD_ONE),
    cheat("checks_patch", "module-tamper", "import tinytorch.testing as c\n"
                                           "c.check_equal = lambda *a, **k: None\n" + FULL_ADD_ONE),
    # check_equal is what the hidden part of test_add_one calls: a do-nothing redefinition passes anything
    cheat("helper_redefined", "helper-rebind", "def add_one(x):\n    return x\n\n"
                                               "def check_equal(*args, **kwargs):\n    pass\n"),
    cheat("sys_exit", "process-exit", "import sys\nsys.exit(0)\n" + FULL_ADD_ONE),
    cheat("os_exit", "process-exit", "import os\nos._exit(0)\n" + FULL_ADD_ONE),
    cheat("reads_gradebook", "grading-files", "data = open('../../../gradebook.db', 'rb').read()\n" + FULL_ADD_ONE),
    cheat("reads_source", "grading-files", "import glob\nsrc = glob.glob('/**/modules/99_demo/demo.ipynb', "
                                           "recursive=True)\n" + FULL_ADD_ONE),
    cheat("shell_magic", "shell", "!cat ../../../gradebook.db\n" + FULL_ADD_ONE),
    cheat("inspect_frames", "introspection", "import inspect\ndef add_one(x):\n"
                                             "    caller = inspect.currentframe().f_back\n    return x + 1\n"),
    cheat("gc_objects", "introspection", "import gc\nfns = [o for o in gc.get_objects() if callable(o)]\n"
                                         + FULL_ADD_ONE),
    cheat("reference_import", "reference-import", "from tinytorch.demo import add_one\n"),
    cheat("reference_importlib", "reference-import", "import importlib\n"
                                                     "add_one = importlib.import_module('tinytorch.demo').add_one\n"),
    cheat("exec_patch", "dynamic-code", "exec('np.array_equal = lambda *a, **k: True')\n" + FULL_ADD_ONE),
    # returns the expected object by reading the hidden test's variable x (double(x) is called with that x)
    cheat("reads_test_variable", "test-variable", FULL_ADD_ONE,
          double="def double(v):\n    return x * np.float32(2) if v is x else 2 * v\n"),
    cheat("frame_locals", "introspection", FULL_ADD_ONE,
          double="import sys\ndef double(v):\n    return sys._getframe(1).f_globals['x'] * 2\n"),
    cheat("globals_lookup", "namespace-write", FULL_ADD_ONE,
          double="def double(v):\n    return globals()['x'] * 2\n"),
    cheat("edited_test_cell", "locked-cell-edited", FULL_ADD_ONE, test_add_one="assert True\n"),
    # passes the static scan (the module reaches the patch as a parameter) and really earns 3/3 without the guard:
    # add_one is wrong on arrays, but check_equal's np.array_equal now says yes; the runtime guard catches it
    cheat("runtime_patch", "runtime-tamper",
          "def _relax(m):\n    m.array_equal = lambda *a, **k: True\n\n"
          "def add_one(x):\n    return x + 1 if np.isscalar(x) else x\n\n"
          "from tinytorch import testing as _c\n_relax(_c.np)\n"),
    cheat("deleted_test_cell", "locked-cell-deleted", "def add_one(x):\n    return x\n", test_add_one=None),
]

FAULTS = [
    # test_double hits the per-cell timeout; test_add_one still counts
    Case("infinite_loop", {"double": "def double(x):\n    while True:\n        pass\n"}, "graded", 2.0),
    # touches 3 GiB under the fixture's 2048 MiB cap: MemoryError in that test only
    Case("memory_bomb", {"add_one": "import numpy as np\ndef add_one(x):\n"
                                    "    np.ones(3 * 1024**3, dtype=np.uint8)\n    return x + 1\n"}, "graded", 1.0),
    # ~1.8 MB of stdout (100,000 lines) from a correct solution cell: survived, not a flag (nbgrader keeps 1000 of
    # the lines); one big write, so the cell stays far below the fixture's 5 s cell timeout on a loaded machine
    Case("print_flood", {"add_one": FULL_ADD_ONE + "print('flood flood flood\\n' * 100_000)\n"}, "graded", 3.0),
    Case("malformed_json", {}, "malformed", 0.0, raw=DEMO_SOURCE.read_text()[:500]),
]

HONEST = [
    Case("honest_full", {}, "graded", 3.0),
    Case("honest_partial", {"double": "def double(x):\n    return x + x + 1\n"}, "graded", 2.0),
    # its own imports, a helper, a self-check with the course's own check function, an edited unlocked cell
    Case("honest_unusual", {
        "#1": "import numpy as np\nimport time\nstart = time.perf_counter()\n",
        "add_one": "import math\nimport numpy as np\nfrom tinytorch.testing import check_equal\n\n"
                   "def _step():\n    return int(math.cos(0.0))\n\n"
                   "def add_one(x):\n    x = np.asarray(x) if isinstance(x, list) else x\n    return x + _step()\n\n"
                   "check_equal('my add_one', add_one(np.arange(3, dtype=np.int32)), "
                   "np.arange(1, 4, dtype=np.int32))\nprint('self-check passed')\n",
        "double": "def double(x):\n    total = x\n    total = total + x\n    return total\n"}, "graded", 3.0),
]

ALL = CHEATS + FAULTS + HONEST
