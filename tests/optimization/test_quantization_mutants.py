"""Module 17's graded tests catch the catalogued mistakes (and the reference solution passes them all).

Each file in tests/grading/mutants/17_quantization/ describes one wrong implementation as text edits of one
solution cell of modules/17_quantization/quantization.ipynb (the same format as module 19's catalogue):

    CELL = "quantize"                          # grade_id of the solution cell to edit
    REPLACE = [(old, new), ...]                # each `old` must occur exactly once in that cell
    FAILS = ["test_quantize", ...]             # graded test cells that must fail (lose their points)

Only the cells that define or grade the module are executed, in notebook order, in one fresh namespace: cells with
nbgrader metadata (solution, test, locked) and `#| export` cells. The measurement cells (plots, timings, model
evaluation) are skipped: the graded cells import everything they use, so this runs in seconds per mutant.
As in nbgrader, a failing cell does not stop the cells after it, and IPython magics (`%xmode`) are skipped.
"""
import contextlib
import importlib.util
import io
import sys
import types

import nbformat
import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "modules" / "17_quantization" / "quantization.ipynb"
MUTANT_DIR = ROOT / "tests" / "grading" / "mutants" / "17_quantization"
MUTANTS = sorted(MUTANT_DIR.glob("*.py"))


def load_mutant(path):
    spec = importlib.util.spec_from_file_location(f"mutant17_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for field in ("CELL", "REPLACE", "FAILS"):
        assert hasattr(module, field), f"{path.name} must define {field}"
    return module


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_graded_test(cell):
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_definition_cell(cell):
    "Cells that define or grade the module: nbgrader cells and exported cells."
    return cell.cell_type == "code" and ("nbgrader" in cell.metadata or "#| export" in cell.source)


def apply_edits(source, edits, where):
    for old, new in edits:
        count = source.count(old)
        assert count == 1, f"{where}: expected the text to replace exactly once, found it {count} times:\n{old}"
        source = source.replace(old, new)
    return source


def run_graded_cells(edits_by_cell=None):
    """Execute the definition and graded cells in order; {test grade_id: exception or None}."""
    edits_by_cell = edits_by_cell or {}
    nb = nbformat.read(NOTEBOOK, as_version=4)
    unknown = set(edits_by_cell) - {grade_id(c) for c in nb.cells}
    assert not unknown, f"no cell with grade_id {sorted(unknown)} in {NOTEBOOK.name}"
    namespace = types.ModuleType("quantization_notebook")
    sys.modules[namespace.__name__] = namespace
    outcomes = {}
    try:
        for index, cell in enumerate(nb.cells):
            if not is_definition_cell(cell):
                continue
            gid = grade_id(cell)
            source = cell.source
            if gid in edits_by_cell:
                source = apply_edits(source, edits_by_cell[gid], f"cell {gid}")
            source = "\n".join(line for line in source.split("\n") if not line.lstrip().startswith("%"))
            error = None
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    exec(compile(source, f"<{NOTEBOOK.name} cell {gid or index}>", "exec"), namespace.__dict__)
                except Exception as err:   # noqa: BLE001 - nbgrader also keeps going after a failing cell
                    error = err
            if is_graded_test(cell):
                outcomes[gid] = error
    finally:
        sys.modules.pop(namespace.__name__, None)
    return outcomes


def test_mutants_are_catalogued():
    assert len(MUTANTS) >= 15, f"expected the catalogue of wrong implementations in {MUTANT_DIR}"


def test_reference_notebook_passes_every_graded_cell():
    outcomes = run_graded_cells()
    failed = {gid: repr(err) for gid, err in outcomes.items() if err is not None}
    assert not failed, failed
    assert len(outcomes) >= 10


@pytest.mark.parametrize("path", MUTANTS, ids=lambda p: p.stem)
def test_mutant_loses_points(path):
    mutant = load_mutant(path)
    outcomes = run_graded_cells({mutant.CELL: mutant.REPLACE})
    missing = [gid for gid in mutant.FAILS if gid not in outcomes]
    assert not missing, f"{path.name}: no graded test cells {missing}"
    survived = [gid for gid in mutant.FAILS if outcomes[gid] is None]
    assert not survived, f"{path.name} ({mutant.__doc__.strip()}) passed graded cell(s) {survived}"
    errors = {gid: err for gid, err in outcomes.items() if gid in mutant.FAILS and not isinstance(err, AssertionError)}
    assert not errors, f"{path.name}: graded cells must fail with an AssertionError, got {errors!r}"
