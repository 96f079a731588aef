"""What runs where for one submission (assemble.plan_cells) and which student ids the coordinator accepts.

The source notebook decides every cell with a grade_id: test and locked cells come from it whatever the
submission holds, a solution cell keeps the student's code only while it is still a code cell with its nbgrader
role, and the student's own cells run where they put them. Ids are plain names, taken literally.
"""
import copy
import json
import os

from _grading_helpers import DEMO_SOURCE
from tinytorch_course.assemble import plan_cells
from tinytorch_course.autograde import check_student_id
from tinytorch_course.notebook_cells import nbgrader_meta

SOURCE = json.loads(DEMO_SOURCE.read_text())


def _release():
    nb = copy.deepcopy(SOURCE)
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if meta.get("solution"):
            cell["source"] = src.split("### BEGIN SOLUTION")[0] + "raise NotImplementedError()\n"
        elif meta.get("grade"):
            cell["source"] = src.split("### BEGIN HIDDEN TESTS")[0]
    return nb


RELEASE = _release()


def _cell(nb, gid):
    return next(c for c in nb["cells"] if nbgrader_meta(c).get("grade_id") == gid)


def _plan(edit):
    sub = copy.deepcopy(SOURCE)
    edit(sub)
    return plan_cells(SOURCE, RELEASE, sub)


def test_source_submission_runs_its_solutions_and_the_source_tests():
    plan = _plan(lambda nb: None)
    where = [(c.where, c.grade_id) for c in plan.cells if c.grade_id]
    assert where == [("kernel", "add_one"), ("checker", "test_add_one"), ("kernel", "double"),
                     ("checker", "test_double")]
    assert "BEGIN HIDDEN TESTS" in next(c.source for c in plan.cells if c.grade_id == "test_add_one")
    assert plan.notes == []


def test_a_solution_turned_markdown_is_graded_as_its_release_stub():
    def edit(nb):
        _cell(nb, "add_one")["cell_type"] = "markdown"
    plan = _plan(edit)
    add_one = next(c for c in plan.cells if c.grade_id == "add_one")
    assert add_one.origin == "release" and "NotImplementedError" in add_one.source
    assert any("add_one" in n and "markdown" in n for n in plan.notes)


def test_a_solution_that_lost_its_metadata_is_a_stub_and_its_code_runs_nowhere_as_the_solution():
    def edit(nb):
        _cell(nb, "double")["metadata"] = {}
    plan = _plan(edit)
    assert next(c for c in plan.cells if c.grade_id == "double").origin == "release"


def test_deleted_or_edited_tests_are_restored_from_the_source():
    def edit(nb):
        nb["cells"].remove(_cell(nb, "test_double"))
        _cell(nb, "test_add_one")["source"] = "pass\n"
    plan = _plan(edit)
    tests = {c.grade_id: c.source for c in plan.cells if c.where == "checker"}
    assert set(tests) == {"test_add_one", "test_double"} and "check_equal" in tests["test_add_one"]
    assert len(plan.notes) == 2


def test_the_students_own_cells_run_in_the_kernel_where_they_put_them():
    def edit(nb):
        i = nb["cells"].index(_cell(nb, "test_add_one"))
        nb["cells"].insert(i, {"cell_type": "code", "metadata": {}, "source": "helper = 1\n", "outputs": [],
                               "execution_count": None})
        nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "notes"})
    plan = _plan(edit)
    order = [c.grade_id or c.source for c in plan.cells]
    assert order.index("helper = 1\n") == order.index("add_one") + 1
    assert all(c.where == "kernel" for c in plan.cells if c.origin == "student")
    assert "notes" not in order


def test_student_ids_are_plain_names(tmp_path):
    for ok in ("alice", "bob.smith", "s123", "a_b-c@uni+x"):
        (tmp_path / ok).mkdir()
        assert check_student_id(tmp_path, ok) is None, ok
    for bad in ("[0-9]*", "*", "a b", "../x", "-rf"):
        assert "rename the folder" in check_student_id(tmp_path, bad), bad
    weird = os.fsdecode(b"caf\xe9")
    assert "not valid UTF-8" in check_student_id(tmp_path, weird)
    (tmp_path / "linked").symlink_to(tmp_path / "alice")
    assert "symbolic link" in check_student_id(tmp_path, "linked")


def test_a_kernel_cell_cannot_replace_a_helper_a_test_cell_defined(tmp_path):
    """test_add_one defines `helper`; the student's own cell after it rebinds `helper` to something that says yes;
    test_double (which reuses `helper`) must still call the test's own version and fail a wrong double."""
    from tinytorch_course.checker import check_submission

    def edit(nb):
        test = _cell(nb, "test_add_one")
        test["source"] = ("def helper(got, expected):\n    assert got == expected, f'expected {expected}, got {got}'\n"
                          + "".join(test["source"]))
        _cell(nb, "test_double")["source"] = "helper(double(3), 6)\n"
    source = copy.deepcopy(SOURCE)
    edit(source)
    sub = copy.deepcopy(source)
    _cell(sub, "double")["source"] = "def double(x):\n    return x\n"
    i = sub["cells"].index(_cell(sub, "test_add_one"))
    sub["cells"].insert(i + 1, {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                "source": "def helper(got, expected):\n    return None\n"})
    paths = {}
    for name, nb in (("source", source), ("release", source), ("sub", sub)):
        paths[name] = tmp_path / f"{name}.ipynb"
        paths[name].write_text(json.dumps(nb))
    result = check_submission({"source": str(paths["source"]), "release": str(paths["release"]),
                               "submission": str(paths["sub"]), "export": "tinytorch/demo.py", "cell_timeout": 30})
    verdicts = {c["grade_id"]: c["passed"] for c in result["cells"]}
    assert verdicts == {"test_add_one": True, "test_double": False}, result["cells"]
    # the checker leaves a longer-lived process (this one) as it found it: no probe hook, seed or import block
    import sys

    import tinytorch.testing
    assert tinytorch.testing._KERNEL_HOOK is None and "TINYTORCH_GRADING_SEED" not in os.environ
    assert not [f for f in sys.meta_path if type(f).__name__ == "_BlockModule"]


def test_cells_after_the_last_test_cell_are_not_run():
    def edit(nb):
        nb["cells"].append({"cell_type": "code", "metadata": {}, "source": "slow_demo()\n", "outputs": [],
                            "execution_count": None})
        i = nb["cells"].index(_cell(nb, "test_double"))
        nb["cells"].insert(i, {"cell_type": "code", "metadata": {}, "source": "before_test = 1\n", "outputs": [],
                               "execution_count": None})
    plan = _plan(edit)
    sources = [c.source for c in plan.cells]
    assert "before_test = 1\n" in sources and "slow_demo()\n" not in sources
    assert plan.cells[-1].where == "checker"
