"""Module 19's graded tests catch every catalogued wrong implementation, and pass the reference solution.

For each mutant in tests/grading/mutants/19_profiling/ (format: see the README there) the mutant's code runs right
after the notebook cell that defines the name it replaces, and each graded test cell in its FAILS must raise
AssertionError. The tests and the engine that runs them are shared by all six modules: see tests/mutant_cells.py.
"""
import pytest

from conftest import ROOT
from mutant_cells import catalogue_tests
from tinytorch.core.tensor import set_matmul_kernel

NOTEBOOK = ROOT / "modules" / "19_profiling" / "profiling.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "19_profiling"

globals().update(catalogue_tests(NOTEBOOK, MUTANTS, "profiling_notebook"))


@pytest.fixture(autouse=True)
def default_matmul_kernel():
    "The tracer swaps a process-wide kernel; start and end every test on np.matmul."
    set_matmul_kernel(None)
    yield
    set_matmul_kernel(None)
