"""Module 20's graded tests pass the reference solution and catch every catalogued wrong implementation.

The graded test cells are read from the notebook by grade id (nbformat), hidden blocks included, so this file never
drifts from what students are graded with. For each mutant in tests/grading/mutants/20_capstone/ the notebook's
setup cells (`#| export` and solution cells) run in a fresh namespace, the mutant's code runs right after the cell
that defines the function it replaces, and each test cell listed in the mutant's FAILS must raise AssertionError.
Same mutant format as the other modules (see tests/grading/mutants/20_capstone/README.md).
"""
from conftest import ROOT
from mutant_cells import catalogue_tests

NOTEBOOK = ROOT / "modules" / "20_capstone" / "capstone.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "20_capstone"

globals().update(catalogue_tests(NOTEBOOK, MUTANTS, "capstone_notebook"))
