"""Module 16's graded tests catch every catalogued wrong implementation, and pass the reference solution.

The graded test cells are read from modules/16_memory/memory.ipynb by grade id (nbformat), hidden blocks included,
so this file never drifts from what students are graded with. For each mutant in tests/grading/mutants/16_memory/
the notebook's setup cells (`#| export` and solution cells) run in a fresh namespace, the mutant's code runs right
after the cell that defines the name it replaces (a function or the `KVCache` class), and every test cell listed in
the mutant's FAILS must raise AssertionError. (Same protocol as module 15's tests/optimization/
test_acceleration_mutants.py; see tests/grading/mutants/16_memory/README.md.)
"""
import ast
import contextlib
import io
import warnings
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from mutant_cells import challenged_cells, code_cells, graded_tests, notebook_namespace
from mutant_cells import top_level_names as _top_level_names
from mutant_cells import is_graded_test as _is_graded_test
from mutant_cells import mutant_meta as _mutant_meta
from mutant_cells import nbgrader_meta as _nbgrader
from mutant_cells import strip_magics as _python

NOTEBOOK = ROOT / "modules" / "16_memory" / "memory.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "16_memory"
MUTANT_FILES = sorted(MUTANTS.glob("*.py"))


def _code_cells() -> list:
    return code_cells(NOTEBOOK)


def _graded_tests() -> dict:
    return graded_tests(NOTEBOOK)


def _namespace(mutant: Path = None) -> dict:
    return notebook_namespace(NOTEBOOK, "memory_notebook", mutant)


def _run_test_cell(ns: dict, grade_id: str) -> str:
    "Execute one graded cell in `ns`; returns what it printed (a graded cell should print nothing to stderr)."
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        exec(compile(_python(_graded_tests()[grade_id].source), f"<test cell {grade_id}>", "exec"), ns)
    return err.getvalue()


def test_notebook_has_the_graded_cells():
    assert set(_graded_tests()) == {"test_kv_cache_append_get", "test_kv_cache_storage", "test_kv_cache_bytes",
                                    "test_future_mask", "test_cached_attention", "test_cached_forward",
                                    "test_generate"}


@pytest.mark.parametrize("grade_id", sorted(_graded_tests()))
def test_reference_solution_passes(grade_id):
    ns = _namespace()
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # a warning would write to stderr, which nbgrader scores as a failure
        stderr = _run_test_cell(ns, grade_id)
    assert stderr == "", f"{grade_id} wrote to stderr: {stderr[:500]}"


@pytest.mark.parametrize("mutant", MUTANT_FILES, ids=lambda p: p.stem)
def test_mutant_fails_its_graded_tests(mutant):
    meta = _mutant_meta(mutant)
    assert meta["FAILS"], f"{mutant.name}: FAILS is empty"
    for grade_id in meta["FAILS"]:
        assert grade_id in _graded_tests(), f"{mutant.name}: no graded test cell {grade_id!r} in the notebook"
        ns = _namespace(mutant)
        with pytest.raises(AssertionError), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # broken code may warn (e.g. NaN from a fully masked row): not our concern
            _run_test_cell(ns, grade_id)


def test_every_graded_cell_is_challenged_by_a_mutant():
    challenged = challenged_cells(MUTANT_FILES)
    assert set(_graded_tests()) <= challenged, f"no mutant for {sorted(set(_graded_tests()) - challenged)}"


def test_every_solution_has_a_mutant():
    solutions = {node.name for c in _code_cells() if _nbgrader(c).get("solution")
                 for node in ast.parse(c.source).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    replaced = {_mutant_meta(m)["REPLACES"] for m in MUTANT_FILES}
    assert solutions <= replaced, f"no mutant replaces {sorted(solutions - replaced)}"
