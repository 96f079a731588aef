"""The pytest side of the modules' mutant catalogues (tests/grading/mutants/<module>/), one engine for all six.

A catalogued mutant is one realistic wrong implementation of one solution cell (file format:
tinytorch_course.mutation_run.read_mutant_file). `catalogue_tests` gives a module's test file four tests:

- the reference solution passes every graded test cell (no error, nothing on stderr: nbgrader would score either 0);
- every mutant fails each graded test cell in its FAILS with an AssertionError: a check failed, or the kit's
  `call` reported the student's code crashing on a named case (an error in the test code itself would not count);
- every graded test cell is in some mutant's FAILS;
- every public function and every public class with methods that a solution cell defines is broken by some mutant
  (private helpers are caught through the public code that calls them; a record class whose only methods are
  __init__/__repr__/__str__ has no behaviour of its own to break).

The mutants run on the engine `tinytorch mutants` uses (mutation_run.run_catalogue): the notebook's grading cells
(notebook_cells.grading_kind) execute once, and each mutant forks from the state just before its cell and runs to
the last graded test in its FAILS, in order (the other graded tests are skipped: each must fail on its own). The
engine runs once per module per pytest process; the tests read its outcomes.
"""
import ast
import functools
from pathlib import Path

import pytest

from tinytorch_course.mutation_run import ReferenceFailed, catalogue_mutants, read_mutant_file, run_catalogue
from tinytorch_course.notebook_cells import code_cells, graded_tests, is_solution, nbgrader_meta, strip_magics

JOBS = 2     # the CI machine's cores
_RECORD_METHODS = {"__init__", "__repr__", "__str__"}


def challenged_cells(mutant_files) -> set:
    "Grade ids that at least one mutant must fail."
    return {grade_id for m in mutant_files for grade_id in read_mutant_file(m)["FAILS"]}


def broken_names(mutant, path: Path, cells_by_id: dict) -> set:
    """The solution-defined names a catalogued mutant (mutation_run.catalogue_mutants, from the file at `path`)
    breaks: its REPLACES, or for text edits (CELL + REPLACE) the top-level functions and classes of that cell whose
    code the edited cell changes."""
    meta = read_mutant_file(path)
    if "REPLACES" in meta:
        return {meta["REPLACES"]}
    if meta["CELL"] not in cells_by_id:         # an edit of given (non-solution) code breaks no student name
        return set()
    before, after = _definitions(cells_by_id[meta["CELL"]].source), _definitions(mutant.source)
    return {name for name, node in before.items() if after.get(name) != node}


def _definitions(source: str) -> dict:
    "name -> ast dump of each top-level function or class (magics and comments do not count)."
    body = ast.parse(strip_magics(source)).body
    return {node.name: ast.dump(node) for node in body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def catalogue_tests(notebook: Path, mutants_dir: Path, namespace_name: str) -> dict:
    """The four tests of a module's catalogue (module docstring), as test functions for a test module to adopt with
    `globals().update(catalogue_tests(...))`."""
    graded = sorted(graded_tests(notebook))
    mutant_files = sorted(Path(mutants_dir).glob("*.py"))

    assert graded, f"{notebook.name}: no graded test cells (lost nbgrader metadata?)"

    @functools.cache
    def outcomes():
        """(reference failures, {mutant stem: Outcome}, error): the mutants are not run if the reference fails; any
        other error (a malformed mutant file, a hung reference run) is kept and reported by every test, not retried."""
        try:
            return {}, run_catalogue(notebook, mutants_dir, namespace_name, jobs=JOBS), ""
        except ReferenceFailed as failed:
            return failed.failures, None, ""
        except Exception as err:   # noqa: BLE001 - reported by each test that needs the run
            return {}, None, f"{type(err).__name__}: {err}"

    @pytest.mark.parametrize("grade_id", graded)
    def test_reference_solution_passes(grade_id):
        failures, _, error = outcomes()
        assert not error, f"the catalogue of {mutants_dir.name} could not run: {error}"
        assert grade_id not in failures, f"the reference solution fails {grade_id}: {failures[grade_id]}"

    @pytest.mark.parametrize("mutant", mutant_files, ids=lambda p: p.stem)
    def test_mutant_fails_its_graded_tests(mutant):
        fails = read_mutant_file(mutant)["FAILS"]
        unknown = [g for g in fails if g not in graded]
        assert not unknown, f"{mutant.name}: no graded test cell {unknown} in {notebook.name}"
        reference_failures, runs, error = outcomes()
        assert not error, f"the catalogue of {mutants_dir.name} could not run: {error}"
        assert runs is not None, f"no mutant can be judged: the reference solution fails {reference_failures}"
        failed = runs[mutant.stem].failures
        passed = [g for g in fails if g not in failed]
        assert not passed, f"{mutant.name} ({_summary(mutant)}) passed graded cell(s) {passed}"
        crashed = {g: failed[g] for g in fails if not failed[g].startswith("AssertionError")}
        assert not crashed, f"{mutant.name}: graded cells must fail with an AssertionError, got {crashed}"

    def test_every_graded_cell_is_challenged_by_a_mutant():
        missing = set(graded) - challenged_cells(mutant_files)
        assert not missing, f"no mutant for {sorted(missing)}"

    def test_every_solution_has_a_mutant():
        solutions = {nbgrader_meta(c)["grade_id"]: c for c in code_cells(notebook) if is_solution(c)}
        defined = set().union(*[_behaviour(c) for c in solutions.values()])
        mutants = {m.function: m for m in catalogue_mutants(mutants_dir, notebook)}     # by file stem
        missing = defined - set().union(*[broken_names(mutants[p.stem], p, solutions) for p in mutant_files])
        assert not missing, f"no mutant breaks {sorted(missing)}"

    tests = (test_reference_solution_passes, test_mutant_fails_its_graded_tests,
             test_every_graded_cell_is_challenged_by_a_mutant, test_every_solution_has_a_mutant)
    return {t.__name__: t for t in tests}


def _behaviour(cell) -> set:
    "Public functions and public classes with a method besides __init__/__repr__/__str__ that a cell defines."
    defs = [n for n in ast.parse(strip_magics(cell.source)).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    return {node.name for node in defs if not node.name.startswith("_") and (
            isinstance(node, ast.FunctionDef) or any(
                isinstance(n, ast.FunctionDef) and n.name not in _RECORD_METHODS for n in node.body))}


def _summary(path: Path) -> str:
    "The mutant's one-line description: its docstring's first line, else its first comment."
    tree = ast.parse(path.read_text())
    doc = ast.get_docstring(tree)
    if doc:
        return doc.strip().splitlines()[0]
    comments = (line.lstrip("# ").strip() for line in path.read_text().splitlines() if line.startswith("#"))
    return next(comments, path.stem)
