"""Read a course notebook's cells the way the graders see them (hand-written, not generated).

The one place that decides a cell's role. Everything that reads a notebook cell by cell asks here: the grader's
plan (assemble.py), the mutation engine (`tinytorch mutants` and the pytest mutant catalogues, mutation_run.py),
the student tools and the style tests. A cell's role comes from its nbgrader metadata and its first line
(`cell_role`):

    solution   nbgrader solution=true, grade=false: the student writes the body between the BEGIN SOLUTION
               and END SOLUTION marker comments (BEGIN_SOLUTION, END_SOLUTION below)
    test       grade=true, solution=false: a graded test cell, locked and scored (visible checks + a hidden block)
    answer     a markdown cell with solution=true, grade=true: a manually graded written answer
    locked     locked=true, grade=false, solution=false: read-only code the tests may use (fake clocks, imports,
               synthetic models)
    export     starts with `#| export`: definitions nbdev exports into the package
    code       any other code cell: measurements, plots, demos, the student's own cells
    markdown   any other markdown (or raw) cell

What grading *needs* (`grading_kind`) follows from the role: solution and test cells, plus 'setup' = locked and
export cells and plain code cells holding only imports and definitions. Measurements, plots and demos are not
needed to decide a grade, so the mutation engine skips them.
"""
import ast
from pathlib import Path

import nbformat

__all__ = ["nbgrader_meta", "cell_source", "code_cells", "cell_role", "grading_kind", "is_graded_test", "is_solution",
           "strip_magics", "only_definitions", "top_level_names", "graded_tests", "solution_regions",
           "BEGIN_SOLUTION", "END_SOLUTION"]

_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

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


def cell_role(cell) -> str:
    "The cell's role (see the module docstring); works on nbformat cells and on plain JSON dicts."
    meta = nbgrader_meta(cell)
    code = cell.get("cell_type") == "code"
    if not code:
        return "answer" if meta.get("solution") and meta.get("grade") else "markdown"
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if meta.get("solution") and not meta.get("grade"):
        return "solution"
    if meta.get("locked"):
        return "locked"
    if cell_source(cell).lstrip().startswith("#| export"):
        return "export"
    return "code"


def grading_kind(cell):
    """'solution', 'test' or 'setup' for a cell grading needs, None for one it can skip (measurements, plots,
    demos). 'setup': locked and export cells, and plain code cells of imports and definitions only (cheap, and a
    graded test may rely on them)."""
    role = cell_role(cell)
    if role in ("solution", "test"):
        return role
    if role in ("locked", "export") or (role == "code" and only_definitions(cell_source(cell))):
        return "setup"
    return None


def is_graded_test(cell) -> bool:
    "An autograded test cell: a code cell that is scored and not written by the student."
    return cell_role(cell) == "test"


def is_solution(cell) -> bool:
    "A code cell whose body the student writes (nbgrader solution, not a manually graded answer)."
    return cell_role(cell) == "solution"


def strip_magics(source: str) -> str:
    "Blank out IPython line magics (hidden blocks start with `%xmode Minimal`); keeps line numbers."
    return "\n".join("" if line.lstrip().startswith("%") else line for line in source.split("\n"))


def only_definitions(source: str) -> bool:
    "Source made only of imports, functions and classes (magics ignored); False if it does not parse."
    try:
        body = ast.parse(strip_magics(source)).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, _DEFINITIONS) for node in body)


def top_level_names(cell) -> set:
    "Names of the functions and classes a cell defines at top level."
    tree = ast.parse(strip_magics(cell_source(cell)))
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
