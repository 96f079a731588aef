"""The runtime guard (tinytorch_course/guard.py) without nbgrader: its setup and check code run in a plain Python
subprocess (so patching numpy cannot leak into the test process), and its verdict parser on hand-made cells. The
guard inside a real autograde run is exercised by tests/grading/adversarial (case runtime_patch) and by every
honest submission graded there and in the module round trips."""
import subprocess
import sys

import nbformat
import pytest

from tinytorch_course.guard import GUARD_KEY, PREFIX, _without_guard_cells, check_code, read_verdict, setup_code

NONCE = "0123abcd"


def _run(student_code: str, reference: str = "") -> str:
    "stdout of: guard setup, then the student's code, then one guard check."
    program = setup_code(NONCE, reference) + student_code + "\n" + check_code(NONCE)
    res = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_untouched_environment_is_ok():
    assert _run("import numpy as np\nx = np.ones(3)\nassert np.allclose(x, 1)\n") == f"{PREFIX} {NONCE} ok\n"


@pytest.mark.parametrize("patch, watched", [
    ("import numpy as np\nnp.allclose = lambda *a, **k: True", "numpy.allclose"),
    ("import numpy.testing as t\nt.assert_allclose = print", "numpy.testing.assert_allclose"),
    ("import builtins\nbuiltins.len = lambda x: 0", "builtins.len"),
    ("import tinytorch.testing as c\nc.check_close.__code__ = (lambda *a, **k: None).__code__",
     "tinytorch.testing.check_close.__code__"),
    ("import tinytorch.testing as c\nc.np = None", "tinytorch.testing.np"),
    ("import sys, types\nsys.modules['math'] = types.ModuleType('math')", "sys.modules[math]"),
])
def test_replaced_watched_object_is_named(patch, watched):
    out = _run(patch)
    assert out.startswith(f"{PREFIX} {NONCE} tampered ") and watched in out.split()[-1].split(","), out


def test_functions_and_classes_of_the_reference_module_are_reported():
    "(json stands in for the module's reference solution here.)"
    out = _run("import json as ref\nfrom json import dumps as my_dumps, JSONDecoder\nd = JSONDecoder()", "json")
    assert out.startswith(f"{PREFIX} {NONCE} tampered ")
    assert set(out.split()[-1].split(",")) == {"reference:my_dumps", "reference:JSONDecoder"}  # not ref, not d
    assert _run("import json as ref\nd = ref.JSONDecoder()", "json") == f"{PREFIX} {NONCE} ok\n"


def _cell(role, before, text=None, other=False):
    cell = nbformat.v4.new_code_cell("")
    cell.metadata[GUARD_KEY] = {"role": role, "before": before}
    if text is not None:
        cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text))
    if other:
        cell.outputs.append(nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[]))
    return cell


def test_verdict_reports_first_place_and_broken_checks():
    ok = f"{PREFIX} {NONCE} ok\n"
    cells = [_cell("setup", "start"), _cell("check", "test_a", ok),
             _cell("check", "test_b", f"{PREFIX} {NONCE} tampered numpy.allclose\n"),
             _cell("check", "end", f"{PREFIX} {NONCE} tampered numpy.allclose\n")]
    assert read_verdict(cells, NONCE) == [{"before": "test_b", "problem": "replaced: numpy.allclose"}]
    assert read_verdict([_cell("setup", "start"), _cell("check", "end", ok)], NONCE) == []
    for broken in (_cell("check", "end", None, other=True), _cell("check", "end", ok + ok),
                   _cell("check", "end", f"{PREFIX} wrongnonce ok\n"), _cell("check", "end", "")):
        [problem] = read_verdict([_cell("setup", "start"), broken], NONCE)
        assert problem["problem"] == "the guard check was removed or its output altered", broken.outputs


def test_guard_cells_are_removed_and_counts_renumbered():
    student = nbformat.v4.new_code_cell("x = 1")
    student.execution_count = 2                       # setup cell ran as 1
    test = nbformat.v4.new_code_cell("assert x")
    test.execution_count = 4                          # a check cell ran as 3
    setup, check = _cell("setup", "start"), _cell("check", "t")
    setup.execution_count, check.execution_count = 1, 3
    kept = _without_guard_cells([setup, student, check, test])
    assert kept == [student, test] and [c.execution_count for c in kept] == [1, 2]
