"""Read a course notebook's cells the way the graders see them (hand-written, not generated).

Shared by the mutation tool (`tinytorch mutants`, tinytorch_course/mutate.py) and the catalogued-mutant tests
(tests/mutant_cells.py). A cell's role comes from its nbgrader metadata:

    solution cell      nbgrader solution=true, grade=false: the student writes the body between the
                       BEGIN SOLUTION and END SOLUTION marker comments (BEGIN_SOLUTION, END_SOLUTION below)
    graded test cell   grade=true, solution=false: locked, scored, visible checks + a hidden block
    helper cell        locked=true, grade=false, solution=false: read-only code the tests may use (fake clocks,
                       imports, synthetic models)
    export cell        starts with `#| export` (definitions nbdev exports)
Everything else (measurements, plots, demos) is not needed to grade a notebook.
"""
import ast
from pathlib import Path

import nbformat

__all__ = ["nbgrader_meta", "cell_source", "code_cells", "is_graded_test", "is_solution", "is_helper", "is_setup", "strip_magics",
           "top_level_names", "graded_tests", "solution_regions", "BEGIN_SOLUTION", "END_SOLUTION"]

# Built, not spelled out: a test keeps literal marker lines out of every file of the package (tests/test_export.py).
BEGIN_SOLUTION, END_SOLUTION = (f"### {word} SOLUTION" for word in ("BEGIN", "END"))


def nbgrader_meta(cell) -> dict:
    "The cell's nbgrader metadata ({} for a plain cell); works on nbformat cells and on plain JSON dicts."
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def cell_source(cell) -> str:
    "A cell's source as one string (JSON notebooks may store it as a list of lines)."
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def code_cells(notebook: Path) -> list:
    "The notebook's code cells, in order."
    return [c for c in nbformat.read(Path(notebook), as_version=4).cells if c.cell_type == "code"]


def is_graded_test(cell) -> bool:
    "An autograded test cell: a code cell that is scored and not written by the student."
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_solution(cell) -> bool:
    "A code cell whose body the student writes (nbgrader solution, not a manually graded answer)."
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("solution")) and not meta.get("grade")


def is_helper(cell) -> bool:
    "A locked, ungraded cell: read-only code the graded tests may rely on."
    meta = nbgrader_meta(cell)
    return bool(meta.get("locked")) and not meta.get("grade") and not meta.get("solution")


def is_setup(cell) -> bool:
    "Cells a graded test relies on: exported code and solution cells (not demos or measurements)."
    return bool(nbgrader_meta(cell).get("solution")) or cell.source.lstrip().startswith("#| export")


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


def solution_regions(source: str) -> list:
    """[(first, last)] 1-based line numbers strictly between each BEGIN/END SOLUTION marker pair of `source`.

    ValueError if the markers are unbalanced (nbgrader would refuse such a cell too)."""
    regions, begin = [], None
    for number, line in enumerate(source.split("\n"), start=1):
        marker = line.strip()
        if marker == BEGIN_SOLUTION:
            if begin is not None:
                raise ValueError(f"line {number}: {BEGIN_SOLUTION} inside another solution region")
            begin = number
        elif marker == END_SOLUTION:
            if begin is None:
                raise ValueError(f"line {number}: {END_SOLUTION} without {BEGIN_SOLUTION}")
            regions.append((begin + 1, number - 1))
            begin = None
    if begin is not None:
        raise ValueError(f"line {begin}: {BEGIN_SOLUTION} is never closed")
    return regions
