"""Module 18's graded tests pass the reference solution and catch every catalogued wrong implementation.

The graded test cells are read from the notebook by grade id (nbformat), hidden blocks included, so this file never
drifts from what students are graded with. For each mutant in tests/grading/mutants/18_compression/ the notebook's
setup cells (`#| export` and solution cells) run in a fresh namespace, the mutant's code runs right after the cell
that defines the function or class it replaces, and each test cell listed in the mutant's FAILS must raise
AssertionError. Same mutant format as module 15 (see tests/grading/mutants/18_compression/README.md).
"""
from conftest import ROOT
from mutant_cells import catalogue_tests

NOTEBOOK = ROOT / "modules" / "18_compression" / "compression.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "18_compression"

globals().update(catalogue_tests(NOTEBOOK, MUTANTS, "compression_notebook"))
