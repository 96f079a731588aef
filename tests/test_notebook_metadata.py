"""Static checks of the course notebooks (fast: nothing is executed).

Graded notebooks (modules/NN_*/ with NN in 10..29) must carry complete nbgrader metadata, unique grade ids, and
solution regions that stay inside function bodies once nbgrader replaces them by `raise NotImplementedError()`
(a top-level raise would break `import tinytorch` in a student's export). Every notebook under modules/ is
committed clean: no outputs, no execution counts.
"""
import ast
import copy
import re

import nbformat
import pytest
from nbgrader.preprocessors import ClearSolutions

from conftest import MODULES, ROOT, all_notebooks
from tinytorch_course.course import load_course

GRADED = sorted(p for p in MODULES.glob("[12][0-9]_*/*.ipynb"))
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution"}
_ids = dict(ids=lambda p: p.relative_to(MODULES).as_posix())


def _nbgrader_cells(nb):
    return [c for c in nb.cells if "nbgrader" in c.metadata]


def _released_source(cell) -> str:
    "The cell as nbgrader's ClearSolutions writes it into the release (solution region -> raise NotImplementedError)."
    cell = copy.deepcopy(cell)
    ClearSolutions()._replace_solution_region(cell, "python")
    return cell.source


def _python_only(source: str) -> str:
    "Drop IPython magics and shell lines so ast can parse the cell (nbdev `#|` directives are comments already)."
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))


def _raises_outside_functions(source: str) -> list:
    "Line numbers of `raise` statements that would run at import time (not inside a def)."
    tree = ast.parse(_python_only(source))
    bad = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Raise) and not in_function:
                bad.append(child.lineno)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))
    visit(tree, False)
    return bad


def test_graded_modules_exist():
    assert GRADED, "no graded notebooks under modules/[12][0-9]_*/"


@pytest.mark.parametrize("path", GRADED, **_ids)
def test_graded_cells_have_complete_nbgrader_metadata(path):
    nb = nbformat.read(path, as_version=4)
    cells = _nbgrader_cells(nb)
    assert any(c.metadata["nbgrader"].get("grade") and c.cell_type == "code" for c in cells), \
        f"{path.name}: no autograded test cell"
    for cell in cells:
        meta = cell.metadata["nbgrader"]
        where = f"{path.name} cell {meta.get('grade_id', cell.get('id'))}"
        assert NBGRADER_KEYS <= set(meta), f"{where}: missing nbgrader keys {sorted(NBGRADER_KEYS - set(meta))}"
        assert meta["schema_version"] == 3, f"{where}: schema_version must be 3, got {meta['schema_version']}"
        assert re.fullmatch(r"[A-Za-z0-9_-]+", meta["grade_id"]), f"{where}: grade_id must be a simple identifier"
        if meta["grade"]:
            assert meta.get("points", 0) > 0, f"{where}: a graded cell needs points > 0"
        if meta["grade"] and not meta["solution"]:
            assert meta["locked"], f"{where}: a test cell must be locked"
    for cell in nb.cells:  # markers only where nbgrader acts on them
        meta = cell.metadata.get("nbgrader", {})
        if "### BEGIN SOLUTION" in cell.source:
            assert meta.get("solution"), f"{path.name}: a cell with BEGIN SOLUTION is not a solution cell"
        if "### BEGIN HIDDEN TESTS" in cell.source:
            assert meta.get("grade") and not meta.get("solution"), \
                f"{path.name}: a cell with hidden tests is not a graded test cell"
        for what in ("SOLUTION", "HIDDEN TESTS"):
            assert cell.source.count(f"### BEGIN {what}") == cell.source.count(f"### END {what}"), \
                f"{path.name}: unbalanced ### BEGIN/END {what} in cell {meta.get('grade_id', cell.get('id'))}"


@pytest.mark.parametrize("path", GRADED, **_ids)
def test_grade_ids_are_unique(path):
    ids = [c.metadata["nbgrader"]["grade_id"] for c in _nbgrader_cells(nbformat.read(path, as_version=4))]
    assert len(ids) == len(set(ids)), f"duplicate grade ids: {sorted({i for i in ids if ids.count(i) > 1})}"


def test_grade_ids_are_unique_across_the_course():
    seen = {}
    for path in GRADED:
        for cell in _nbgrader_cells(nbformat.read(path, as_version=4)):
            gid = cell.metadata["nbgrader"]["grade_id"]
            assert gid not in seen, f"grade id {gid!r} is used in both {seen[gid]} and {path.name}"
            seen[gid] = path.name


@pytest.mark.parametrize("path", GRADED, **_ids)
def test_solution_regions_are_inside_function_bodies(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or "### BEGIN SOLUTION" not in cell.source:
            continue
        released = _released_source(cell)
        assert "raise NotImplementedError()" in released
        assert "### BEGIN SOLUTION" not in released
        bad = _raises_outside_functions(released)
        assert not bad, (f"{path.name} cell {meta.get('grade_id')}: after release, line(s) {bad} raise at top level; "
                         f"keep ### BEGIN/END SOLUTION inside a function or method body")


def test_the_top_level_check_catches_a_top_level_region():
    "The check above must be able to fail: a solution region at top level is reported."
    cell = nbformat.v4.new_code_cell("#| export\nX = 1\n### BEGIN SOLUTION\nY = 2\n### END SOLUTION\n")
    assert _raises_outside_functions(_released_source(cell)) == [4]
    inside = nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION\n")
    assert _raises_outside_functions(_released_source(inside)) == []


@pytest.mark.parametrize("path", all_notebooks(), **_ids)
def test_notebooks_are_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name} cell {i} has outputs (run nbdev-clean)"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count (run nbdev-clean)"


@pytest.mark.parametrize("path", GRADED, **_ids)
def test_graded_notebooks_use_the_python3_kernel(path):
    "nbgrader starts the kernel named in the notebook; 'python3' is the one `make install` registers in the venv."
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


def test_every_graded_module_is_registered_in_settings_ini():
    "A graded notebook that settings.ini does not list is never released, autograded or round-trip tested."
    registered = {m.source_path(ROOT) for m in load_course(ROOT).modules}
    unlisted = [p.relative_to(ROOT).as_posix() for p in GRADED if p not in registered]
    assert not unlisted, f"add these to settings.ini ([course] modules and a [module:...] section): {unlisted}"
