"""Shared by the modules' `test_*_mutants.py`: read a course notebook's cells and a mutant's header.

A mutant file (tests/grading/mutants/<module>/<name>.py) declares `REPLACES` (the function or class it swaps in) and
`FAILS` (the grade ids of the graded test cells that must then raise AssertionError).
"""
import ast
import sys
import types
from pathlib import Path

import nbformat


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def code_cells(notebook: Path) -> list:
    return [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]


def is_graded_test(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def strip_magics(source: str) -> str:
    "Blank out IPython line magics (hidden blocks start with `%xmode Minimal`); keeps line numbers."
    return "\n".join("" if line.lstrip().startswith("%") else line for line in source.split("\n"))


def top_level_names(cell) -> set:
    "Names of the functions and classes a cell defines at top level."
    tree = ast.parse(strip_magics(cell.source))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def graded_tests(notebook: Path) -> dict:
    "grade_id -> graded test cell, in notebook order."
    return {nbgrader_meta(c)["grade_id"]: c for c in code_cells(notebook) if is_graded_test(c)}


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


def is_setup(cell) -> bool:
    "Cells a graded test relies on: exported code and solution cells (not demos or measurements)."
    return bool(nbgrader_meta(cell).get("solution")) or cell.source.lstrip().startswith("#| export")


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
