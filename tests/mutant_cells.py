"""Shared by the modules' `test_*_mutants.py`: read a course notebook's cells and a mutant's header.

A mutant file (tests/grading/mutants/<module>/<name>.py) declares `REPLACES` (the function or class it swaps in) and
`FAILS` (the grade ids of the graded test cells that must then raise AssertionError).
"""
import ast
import sys
import types
from pathlib import Path

# The cell helpers live in the package (the `tinytorch mutants` tool uses them too); re-exported for the harnesses.
from tinytorch._grading.notebook_cells import (code_cells, graded_tests, is_graded_test, is_setup,  # noqa: F401
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
