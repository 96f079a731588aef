"""Module 20's graded tests pass the reference solution and catch every catalogued wrong implementation.

The graded test cells are read from the notebook by grade id (nbformat), hidden blocks included, so this file never
drifts from what students are graded with. For each mutant in tests/grading/mutants/20_capstone/ the notebook's
setup cells (`#| export` and solution cells) run in a fresh namespace, the mutant's code runs right after the cell
that defines the function it replaces, and each test cell listed in the mutant's FAILS must raise AssertionError.
Same mutant format as the other modules (see tests/grading/mutants/20_capstone/README.md).
"""
import contextlib
import io
import warnings

import pytest

from conftest import ROOT
from mutant_cells import (challenged_cells, code_cells, graded_tests, mutant_meta, nbgrader_meta, notebook_namespace,
                          strip_magics, top_level_names)

NOTEBOOK = ROOT / "modules" / "20_capstone" / "capstone.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "20_capstone"
MUTANT_FILES = sorted(MUTANTS.glob("*.py"))
GRADED = graded_tests(NOTEBOOK)


def _run_test_cell(ns: dict, grade_id: str) -> None:
    "Execute one graded cell; it must print nothing to stderr (nbgrader would score that cell 0)."
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        exec(compile(strip_magics(GRADED[grade_id].source), f"<test cell {grade_id}>", "exec"), ns)
    assert err.getvalue() == "", f"{grade_id} wrote to stderr:\n{err.getvalue()}"


@pytest.mark.parametrize("grade_id", sorted(GRADED))
def test_reference_solution_passes(grade_id):
    ns = notebook_namespace(NOTEBOOK, "capstone_notebook")
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # a warning would write to stderr, which nbgrader scores as a failure
        _run_test_cell(ns, grade_id)


@pytest.mark.parametrize("mutant", MUTANT_FILES, ids=lambda p: p.stem)
def test_mutant_fails_its_graded_tests(mutant):
    meta = mutant_meta(mutant)
    assert meta["FAILS"], f"{mutant.name}: FAILS is empty"
    for grade_id in meta["FAILS"]:
        assert grade_id in GRADED, f"{mutant.name}: no graded test cell {grade_id!r} in the notebook"
        ns = notebook_namespace(NOTEBOOK, "capstone_notebook", mutant)
        with pytest.raises(AssertionError), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _run_test_cell(ns, grade_id)


def test_every_graded_cell_is_challenged_by_a_mutant():
    challenged = challenged_cells(MUTANT_FILES)
    assert set(GRADED) <= challenged, f"no mutant for {sorted(set(GRADED) - challenged)}"


def test_every_solution_function_has_a_mutant():
    solutions = set().union(*[top_level_names(c) for c in code_cells(NOTEBOOK) if nbgrader_meta(c).get("solution")])
    replaced = {mutant_meta(m)["REPLACES"] for m in MUTANT_FILES}
    assert solutions <= replaced, f"no mutant replaces {sorted(solutions - replaced)}"
