"""Module 17's graded tests catch every catalogued wrong implementation, and pass the reference solution.

Each file in tests/grading/mutants/17_quantization/ describes one wrong implementation as text edits of one
solution cell of modules/17_quantization/quantization.ipynb:

    CELL = "quantize"                          # grade_id of the solution cell to edit
    REPLACE = [(old, new), ...]                # each `old` must occur exactly once in that cell
    FAILS = ["test_quantize", ...]             # graded test cells that must fail (lose their points)

The tests and the engine that runs them are shared by all six modules: see tests/mutant_cells.py.
"""
from conftest import ROOT
from mutant_cells import catalogue_tests

NOTEBOOK = ROOT / "modules" / "17_quantization" / "quantization.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "17_quantization"

globals().update(catalogue_tests(NOTEBOOK, MUTANTS, "quantization_notebook"))


def test_mutants_are_catalogued():
    assert len(list(MUTANTS.glob("*.py"))) >= 15, f"expected the catalogue of wrong implementations in {MUTANTS}"
