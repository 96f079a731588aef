"""No false failures: a correct solution written differently from the reference scores full marks.

tests/grading/alternatives/<module folder>/<solution grade id>.py holds, for EVERY solution cell of every registered
module, the code of that cell's solution regions written another way (different loop order, vectorised vs loops,
einsum vs matmul, ...): a `# Alternative: ...` comment saying how it differs, then one `### BEGIN SOLUTION` /
`### END SOLUTION` block per region of the cell, unindented, in order. Each block replaces the body of the
corresponding region of the reference cell (the given code around the regions stays the notebook's own, so an
alternative follows edits of the given code). The notebook built from every cell's alternative must pass every
graded test: checked in-process (fast), and under `tinytorch autograde` (slow, one batch per module together with
the variants below), where it must score full marks on every autograded cell.

More correct ways to write one cell go in `<solution grade id>.<variant>.py` (same format), typically one per
convention a hidden test checks (another tie-break that the spec allows, float64 intermediates where the spec allows
them, ...): each is graded alone, in the reference notebook with only that cell replaced, in-process and under
autograde.
"""
import ast
import textwrap

import nbformat
import pytest

from _grading_helpers import put_submission
from conftest import ROOT
from tinytorch_course.autograde import autograde_batch, cell_scores
from tinytorch_course.course import load_course
from tinytorch_course.mutation_run import graded_failures
from tinytorch_course.notebook_cells import (BEGIN_SOLUTION, END_SOLUTION, is_solution, nbgrader_meta,
                                               solution_regions, strip_magics)
from tinytorch_course.nbgrader_runner import NbgraderRunner

COURSE = load_course(ROOT)
ALTERNATIVES = ROOT / "tests" / "grading" / "alternatives"
MODULES = [m.folder for m in COURSE.modules]


def alternative_bodies(path) -> list:
    "The region bodies of an alternative file, in order (unindented)."
    bodies, current = [], None
    for line in path.read_text().split("\n"):
        if line.strip() == BEGIN_SOLUTION:
            current = []
        elif line.strip() == END_SOLUTION:
            bodies.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
        else:
            assert not line.strip() or line.startswith("#"), f"{path}: code outside a solution block: {line!r}"
    return bodies


def alternative_cell(reference: str, path) -> str:
    "The reference solution cell with each region's body replaced by the alternative's, indented like the region."
    bodies, lines = alternative_bodies(path), reference.split("\n")
    regions = solution_regions(reference)
    assert len(bodies) == len(regions), f"{path}: {len(bodies)} blocks for the cell's {len(regions)} solution regions"
    for (first, last), body in reversed(list(zip(regions, bodies))):
        marker = lines[first - 2]
        indent = marker[:len(marker) - len(marker.lstrip())]
        lines[first - 1:last] = [indent + line if line.strip() else "" for line in body.split("\n")]
    return "\n".join(lines)


def alternative_notebook(folder: str):
    "The module's source notebook with every solution cell's regions replaced by its (primary) alternative."
    module = COURSE.resolve(folder)
    nb = nbformat.read(COURSE.require_source(module), as_version=4)
    for cell in nb.cells:
        if is_solution(cell):
            path = ALTERNATIVES / folder / f"{nbgrader_meta(cell)['grade_id']}.py"
            assert path.is_file(), f"no alternative implementation for solution cell {path.stem}: expected {path}"
            cell.source = alternative_cell(cell.source, path)
    return nb


def variant_files(folder: str) -> list:
    "The extra alternatives of a module: `<grade id>.<variant>.py`."
    return sorted(p for p in (ALTERNATIVES / folder).glob("*.*.py"))


def variant_notebook(folder: str, path):
    "The module's source notebook with only the cell `path` names replaced by that variant."
    module = COURSE.resolve(folder)
    nb = nbformat.read(COURSE.require_source(module), as_version=4)
    grade_id = path.name.split(".")[0]
    cells = [c for c in nb.cells if is_solution(c) and nbgrader_meta(c)["grade_id"] == grade_id]
    assert cells, f"{path}: the notebook has no solution cell {grade_id!r}"
    cells[0].source = alternative_cell(cells[0].source, path)
    return nb


VARIANTS = [(folder, p) for folder in MODULES for p in variant_files(folder)]


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
    files = {p.name[:-len(".py")]: p for p in (ALTERNATIVES / folder).glob("*.py")}   # "grade_id[.variant]"
    variants = {k: p for k, p in files.items() if "." in k}
    files = {k: p for k, p in files.items() if "." not in k}
    for key, path in variants.items():
        assert key.split(".")[0] in reference, f"{path}: the notebook has no solution cell {key.split('.')[0]!r}"
    assert set(reference) <= set(files), f"{folder}: no alternative for {sorted(set(reference) - set(files))}"
    unknown = sorted(set(files) - set(reference))
    assert not unknown, f"{folder}: alternatives for cells the notebook does not have: {unknown}"
    for key, path in {**files, **variants}.items():
        grade_id = key.split(".")[0]
        assert path.read_text().startswith("# Alternative: "), f"{path}: the first line must say how it differs"
        rewritten = alternative_cell(reference[grade_id], path)
        assert _region_codes(rewritten) != _region_codes(reference[grade_id]), \
            f"{path}: the solution code is the reference's, not an alternative"


@pytest.mark.parametrize("folder", MODULES)
def test_alternatives_pass_every_graded_test_in_process(folder, tmp_path):
    path = tmp_path / COURSE.resolve(folder).notebook
    nbformat.write(alternative_notebook(folder), path)
    failed = graded_failures(path, f"{folder}_alternative")
    assert not failed, f"{folder}: correct alternatives fail graded tests (false failures): {failed}"


@pytest.mark.parametrize("folder,path", VARIANTS, ids=[f"{f}-{p.stem}" for f, p in VARIANTS])
def test_variant_passes_every_graded_test_in_process(folder, path, tmp_path):
    nb_path = tmp_path / COURSE.resolve(folder).notebook
    nbformat.write(variant_notebook(folder, path), nb_path)
    failed = graded_failures(nb_path, f"{folder}_variant")
    assert not failed, f"{path.name}: a correct variant fails graded tests (false failures): {failed}"


@pytest.mark.slow
@pytest.mark.roundtrip
@pytest.mark.parametrize("folder", MODULES)
def test_alternatives_and_variants_score_full_marks_under_autograde(folder, tmp_path):
    """One autograde batch per module (its fixed cost paid once): the notebook made of every cell's alternative, and
    each variant alone in the reference notebook, must score full marks on every autograded cell."""
    module = COURSE.resolve(folder)
    runner = NbgraderRunner(COURSE, tmp_path / "grading")
    runner.release(module)
    subs = tmp_path / "submissions"
    put_submission(subs, "alternative", nbformat.writes(alternative_notebook(folder)), module.folder, module.notebook)
    students = {"alternative": "every cell's alternative"}
    for path in variant_files(folder):
        student = "v-" + path.name.split(".")[0].replace("_", "-") + "-" + path.name.split(".")[1].replace("_", "-")
        students[student] = path.name
        put_submission(subs, student, nbformat.writes(variant_notebook(folder, path)), module.folder, module.notebook)
    results = autograde_batch(runner, subs, [module], progress=False, jobs=2)
    assert all(r.status == "graded" for r in results), results
    for student, name in students.items():
        scores = cell_scores(runner, module, student)
        assert scores, f"{folder}/{name}: no autograded cells"
        lost = {gid: s for gid, s in scores.items() if s[0] != s[1]}
        assert not lost, f"{folder}/{name}: a correct implementation loses points on {lost} (a false failure)"
