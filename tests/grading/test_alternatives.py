"""No false failures: a correct solution written differently from the reference scores full marks.

tests/grading/alternatives/<module folder>/<solution grade id>.py holds, for EVERY solution cell of every registered
module, the whole cell rewritten another way (different loop order, vectorised vs loops, einsum vs matmul, ...).
Its first line says how it differs (`# Alternative: ...`). The notebook built by replacing every solution cell
with its alternative must pass every graded test: checked in-process (fast), and with a real `nbgrader autograde`
(slow), where it must score full marks on every autograded cell.
"""
import ast
import textwrap

import nbformat
import pytest

from _grading_helpers import put_submission
from conftest import ROOT
from tinytorch._grading.autograde import autograde_batch, cell_scores
from tinytorch._grading.course import load_course
from tinytorch._grading.mutation_run import graded_failures
from tinytorch._grading.notebook_cells import is_solution, nbgrader_meta, solution_regions, strip_magics
from tinytorch._grading.nbgrader_runner import NbgraderRunner

COURSE = load_course(ROOT)
ALTERNATIVES = ROOT / "tests" / "grading" / "alternatives"
MODULES = [m.folder for m in COURSE.modules]


def alternative_notebook(folder: str):
    "The module's source notebook with every solution cell replaced by its alternative."
    module = COURSE.resolve(folder)
    nb = nbformat.read(COURSE.require_source(module), as_version=4)
    for cell in nb.cells:
        if is_solution(cell):
            path = ALTERNATIVES / folder / f"{nbgrader_meta(cell)['grade_id']}.py"
            assert path.is_file(), f"no alternative implementation for solution cell {path.stem}: expected {path}"
            cell.source = path.read_text().rstrip("\n")
    return nb


def _region_codes(source: str) -> list:
    "Each solution region's code as an AST dump: comments and layout do not count as a different implementation."
    lines = strip_magics(source).split("\n")
    return [ast.dump(ast.parse(textwrap.dedent("\n".join(lines[first - 1:last])).strip() or "pass"))
            for first, last in solution_regions(source)]


@pytest.mark.parametrize("folder", MODULES)
def test_every_solution_cell_has_a_different_alternative(folder):
    module = COURSE.resolve(folder)
    reference = {nbgrader_meta(c)["grade_id"]: c.source
                 for c in nbformat.read(COURSE.require_source(module), as_version=4).cells if is_solution(c)}
    files = {p.stem: p for p in (ALTERNATIVES / folder).glob("*.py")}
    assert set(reference) <= set(files), f"{folder}: no alternative for {sorted(set(reference) - set(files))}"
    assert set(files) <= set(reference), f"{folder}: alternatives for unknown cells {sorted(set(files) - set(reference))}"
    for grade_id, path in files.items():
        text = path.read_text()
        assert text.startswith("# Alternative: "), f"{path}: the first line must say how it differs from the reference"
        assert solution_regions(text), f"{path}: keep the ### BEGIN/END SOLUTION markers of the cell"
        assert _region_codes(text) != _region_codes(reference[grade_id]), \
            f"{path}: the solution code is the reference's, not an alternative"


@pytest.mark.parametrize("folder", MODULES)
def test_alternatives_pass_every_graded_test_in_process(folder, tmp_path):
    path = tmp_path / COURSE.resolve(folder).notebook
    nbformat.write(alternative_notebook(folder), path)
    failed = graded_failures(path, f"{folder}_alternative")
    assert not failed, f"{folder}: correct alternatives fail graded tests (false failures): {failed}"


@pytest.mark.slow
@pytest.mark.parametrize("folder", MODULES)
def test_alternatives_score_full_marks_under_nbgrader(folder, tmp_path):
    module = COURSE.resolve(folder)
    runner = NbgraderRunner(COURSE, tmp_path / "grading")
    runner.release(module)
    subs = tmp_path / "submissions"
    put_submission(subs, "alternative", nbformat.writes(alternative_notebook(folder)), module.folder, module.notebook)
    result, = autograde_batch(runner, subs, [module], progress=False)
    assert result.status == "graded", result
    scores = cell_scores(runner, module, "alternative")
    assert scores, f"{folder} has no autograded cells"
    lost = {gid: s for gid, s in scores.items() if s[0] != s[1]}
    assert not lost, f"{folder}: a correct alternative implementation loses points on {lost} (a false failure)"
