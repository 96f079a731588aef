"""Module 15's graded tests catch every catalogued wrong implementation, and pass the reference solution.

The test cells are read from the notebook by grade id (nbformat), so this file never drifts from what students are
graded with: hidden blocks included. For each mutant in tests/grading/mutants/15_acceleration/ the notebook's setup
cells (`#| export` and solution cells) run in a fresh namespace, the mutant's code runs right after the cell that
defines the function it replaces, and each test cell listed in the mutant's FAILS must raise AssertionError.
"""
import pytest

from conftest import ROOT
from mutant_cells import catalogue_tests
from tinytorch.core.tensor import set_matmul_kernel

NOTEBOOK = ROOT / "modules" / "15_acceleration" / "acceleration.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "15_acceleration"

globals().update(catalogue_tests(NOTEBOOK, MUTANTS, "acceleration_notebook"))


@pytest.fixture(autouse=True)
def default_matmul_kernel():
    "Backends change a process-wide kernel; start and end every test on np.matmul."
    set_matmul_kernel(None)
    yield
    set_matmul_kernel(None)
