"""Shared by the modules' `test_*_mutants.py`: read a course notebook's cells and a mutant's header.

A mutant file (tests/grading/mutants/<module>/<name>.py) declares `REPLACES` (the function or class it swaps in) and
`FAILS` (the grade ids of the graded test cells that must then raise AssertionError).
"""
import ast
import contextlib
import io
import sys
import types
import warnings
from pathlib import Path

import pytest

# The cell helpers live in the package (the `tinytorch mutants` tool uses them too); re-exported for the harnesses.
from tinytorch_course.notebook_cells import (code_cells, graded_tests, is_graded_test, is_setup,  # noqa: F401
                                               nbgrader_meta, strip_magics, top_level_names)


def mutant_meta(path: Path) -> dict:
    "REPLACES and FAILS, read as literals (the file itself only makes sense inside the notebook's namespace)."
    meta = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("REPLACES", "FAILS"):
                meta[node.targets[0].id] = ast.literal_eval(node.value)
    assert set(meta) == {"REPLACES", "FAILS"}, f"{path.name} must define REPLACES and FAILS"
    return meta


def challenged_cells(mutant_files) -> set:
    "Grade ids that at least one mutant must fail."
    return {grade_id for m in mutant_files for grade_id in mutant_meta(m)["FAILS"]}


def notebook_namespace(notebook: Path, module_name: str, mutant: Path = None) -> dict:
    "Run the notebook's setup cells in a fresh module namespace, with `mutant` swapped in after its definition."
    module = types.ModuleType(module_name)
    sys.modules[module_name] = module          # NamedTuple and dataclasses look their module up here
    ns = module.__dict__
    target = mutant_meta(mutant)["REPLACES"] if mutant else None
    swapped = False
    for i, cell in enumerate(code_cells(notebook)):
        if not is_setup(cell):
            continue
        exec(compile(strip_magics(cell.source), f"<notebook cell {i}>", "exec"), ns)
        if target and target in top_level_names(cell):
            exec(compile(mutant.read_text(), str(mutant), "exec"), ns)
            swapped = True
    assert target is None or swapped, f"no notebook cell defines {target!r} (named in {mutant.name})"
    return ns


def run_graded_cell(ns: dict, notebook: Path, grade_id: str) -> None:
    "Execute one graded test cell (hidden block included) in `ns`; like nbgrader, a cell that writes to stderr fails."
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        exec(compile(strip_magics(graded_tests(notebook)[grade_id].source), f"<test cell {grade_id}>", "exec"), ns)
    assert err.getvalue() == "", f"{grade_id} wrote to stderr:\n{err.getvalue()[:500]}"


def catalogue_tests(notebook: Path, mutants_dir: Path, namespace_name: str) -> dict:
    """The four tests of a module's mutant catalogue (tests/grading/mutants/<module>/), as test functions for a test
    module to adopt with `globals().update(catalogue_tests(...))`:
    the reference solution passes every graded cell without warnings; every mutant makes each graded cell in its
    FAILS raise AssertionError; every graded cell is challenged by some mutant; every name a solution cell defines
    is replaced by some mutant."""
    graded = sorted(graded_tests(notebook))
    mutant_files = sorted(Path(mutants_dir).glob("*.py"))

    @pytest.mark.parametrize("grade_id", graded)
    def test_reference_solution_passes(grade_id):
        ns = notebook_namespace(notebook, namespace_name)
        with warnings.catch_warnings():
            warnings.simplefilter("error")   # a warning would write to stderr, which nbgrader scores as a failure
            run_graded_cell(ns, notebook, grade_id)

    @pytest.mark.parametrize("mutant", mutant_files, ids=lambda p: p.stem)
    def test_mutant_fails_its_graded_tests(mutant):
        meta = mutant_meta(mutant)
        assert meta["FAILS"], f"{mutant.name}: FAILS is empty"
        for grade_id in meta["FAILS"]:
            assert grade_id in graded, f"{mutant.name}: no graded test cell {grade_id!r} in the notebook"
            ns = notebook_namespace(notebook, namespace_name, mutant)
            with pytest.raises(AssertionError), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # broken code may warn (e.g. NaN from a masked row): not our concern
                run_graded_cell(ns, notebook, grade_id)

    def test_every_graded_cell_is_challenged_by_a_mutant():
        missing = set(graded) - challenged_cells(mutant_files)
        assert not missing, f"no mutant for {sorted(missing)}"

    def test_every_solution_has_a_mutant():
        solutions = set().union(*[top_level_names(c) for c in code_cells(notebook) if nbgrader_meta(c).get("solution")])
        missing = solutions - {mutant_meta(m)["REPLACES"] for m in mutant_files}
        assert not missing, f"no mutant replaces {sorted(missing)}"

    tests = (test_reference_solution_passes, test_mutant_fails_its_graded_tests,
             test_every_graded_cell_is_challenged_by_a_mutant, test_every_solution_has_a_mutant)
    return {t.__name__: t for t in tests}
