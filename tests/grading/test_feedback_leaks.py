"""Feedback pages never show hidden test code or reference solutions, for every module in settings.ini (slow: one
real autograde batch, one partly-correct submission per module).

The submission is built from the RELEASE notebook, so the check stays meaningful even though the student's code is
shown on the page:
  * most tasks are solved with the reference code, but every line carries a marker comment (MARK), so no line the
    student wrote is verbatim a line of the source notebook's solution regions;
  * one task also gets a catalogued wrong implementation (tests/grading/mutants/<module>/, appended after the
    reference so it wins) whose hidden test must fail with a tinytorch.testing message;
  * one task is left as released (`raise NotImplementedError()`).
Then `tinytorch feedback` runs and each page must
  * show every failing test cell's message (the first line of its error in the autograded notebook),
  * contain no hidden-test line and no solution-region line of the source notebook (lines longer than 8 characters
    that the release notebook does not show anyway): not as a whole line of the page, and not even as a substring
    unless the student's own submission contains that text. (A line ending in a backslash cannot carry MARK; the
    student's copy of it is then verbatim, so lines the student submitted as whole lines are exempt.)
"""
import ast
import html
import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

from _grading_helpers import put_submission, run_cli
from conftest import ROOT
from tinytorch_course.notebook_cells import top_level_names
from tinytorch_course.autograde import autograde_batch, cell_scores, write_report
from tinytorch_course.course import load_course
from tinytorch_course.feedback import NO_MESSAGE
from tinytorch_course.nbgrader_runner import NbgraderRunner

pytestmark = [pytest.mark.slow, pytest.mark.roundtrip]

COURSE = load_course(ROOT)
STUDENT = "learner"
MARK = "  # mine"
MUTANTS = Path(__file__).resolve().parent / "mutants"
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def with_marker(code: str) -> str:
    """`code` with MARK appended to every line that ends a statement or a bracketed line (never inside a string
    or after a backslash continuation), so the code runs the same but no line equals a source line."""
    ends = {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(code + "\n").readline)
            if tok.type in (tokenize.NEWLINE, tokenize.NL)}
    lines = code.split("\n")
    return "\n".join(line + MARK if i + 1 in ends and line.strip() else line for i, line in enumerate(lines))


def without_markers(source: str) -> str:
    return "\n".join(line for line in source.split("\n") if line.strip() not in MARKERS)


def regions(source: str, begin: str, end: str) -> list:
    "Stripped lines strictly between `begin` and `end` marker lines."
    out, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            out.append(line.strip())
    return out


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def mutant_header(path: Path) -> dict:
    """The literal header of a mutant file. Two formats are catalogued: REPLACES (a function or class definition to
    swap in after the reference one) or CELL + REPLACE (text edits of one solution cell); both list FAILS."""
    header = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("REPLACES", "CELL", "REPLACE", "FAILS"):
                header[node.targets[0].id] = ast.literal_eval(node.value)
    return header


def choose_mutant(module, solutions: dict):
    "(mutant path, grade id of the solution cell it changes), the first catalogued one that applies, or (None, None)."
    for path in sorted((MUTANTS / module.folder).glob("*.py")):
        header = mutant_header(path)
        if header.get("CELL") in solutions:
            return path, header["CELL"]
        for gid, cell in solutions.items():
            if header.get("REPLACES") in top_level_names(cell):
                return path, gid
    return None, None


def wrong_code(mutant: Path, reference: str) -> str:
    "The reference code of a solution cell made wrong by `mutant` (either catalogued format)."
    header = mutant_header(mutant)
    if "REPLACE" in header:
        for old, new in header["REPLACE"]:
            assert reference.count(old) == 1, f"{mutant.name}: {old!r} should occur once in cell {header['CELL']}"
            reference = reference.replace(old, new)
        return reference
    return reference + "\n\n\n" + mutant.read_text()


def partly_correct(module, release_path: Path):
    """The release notebook with every code answer solved (marked reference code) except one wrong (mutant) and the
    last other one left as released. Returns (notebook, mutant path or None, grade id left unsolved or None)."""
    source = nbformat.read(COURSE.require_source(module), as_version=4)
    solutions = {_meta(c)["grade_id"]: c for c in source.cells if c.cell_type == "code" and _meta(c).get("solution")}
    nb = nbformat.read(release_path, as_version=4)
    answers = [c for c in nb.cells if c.cell_type == "code" and _meta(c).get("solution")]
    mutant, wrong = choose_mutant(module, solutions)
    others = [_meta(c)["grade_id"] for c in answers if _meta(c)["grade_id"] != wrong]
    unsolved = others[-1] if others else None
    for cell in answers:
        gid = _meta(cell)["grade_id"]
        if gid == unsolved:
            continue
        code = without_markers(solutions[gid].source)
        if gid == wrong:
            code = wrong_code(mutant, code)
        cell.source = with_marker(code)
    return nb, mutant, unsolved


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Release every module, autograde one partly-correct submission of each in one batch, write feedback.
    Returns ({module folder: (module, submitted notebook, mutant, unsolved grade id)}, runner, autograde results,
    result of the `tinytorch feedback` run)."""
    base = tmp_path_factory.mktemp("leaks")
    runner = NbgraderRunner(COURSE, base / "grading")
    built = {}
    for module in COURSE.modules:
        nb, mutant, unsolved = partly_correct(module, runner.release(module))
        text = nbformat.writes(nb)
        put_submission(base / "subs", STUDENT, text, module.folder, module.notebook)
        built[module.folder] = (module, nb, mutant, unsolved)
    results = autograde_batch(runner, base / "subs", list(COURSE.modules), progress=False)
    write_report(results, runner.grading_dir / "reports" / "autograde_report.csv")
    feedback = run_cli("--course", ROOT, "--grading-dir", runner.grading_dir, "feedback")
    return built, runner, results, feedback


@pytest.fixture(params=COURSE.modules, ids=lambda m: m.folder)
def module(request):
    return request.param


def page_of(runner, module) -> str:
    return (runner.grading_dir / "feedback" / STUDENT / module.folder / f"{module.notebook_id}.html").read_text()


def test_feedback_ran_for_every_module(graded):
    _, runner, results, feedback = graded
    assert feedback.returncode == 0, feedback.stderr
    assert {r.module: r.status for r in results} == {m.folder: "graded" for m in COURSE.modules}, results


def first_error_line(cell) -> str:
    """What the autograded notebook says about a failing cell, independently of the renderer: 'not implemented yet'
    for the release stub, else the first line of the error message; a message-less error gives NO_MESSAGE."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            if out["ename"] == "NotImplementedError":
                return "not implemented yet"
            lines = [line.strip() for line in out.get("evalue", "").split("\n") if line.strip()]
            return lines[0] if lines else NO_MESSAGE
    return ""


def page_rows(page: str) -> dict:
    "{grade id: (PASS | FAIL, message)} from the page's table of graded cells."
    rows = re.findall(r'<tr><td class="id">(.*?)</td>.*?<td class="result (PASS|FAIL)">.*?'
                      r'<td class="msg">(.*?)</td></tr>',
                      page)
    return {html.unescape(gid): (result, html.unescape(msg)) for gid, result, msg in rows}


def test_page_shows_every_failure_message(graded, module):
    built, runner, _, _ = graded
    _, _, mutant, unsolved = built[module.folder]
    rows = page_rows(page_of(runner, module))
    scores = cell_scores(runner, module, STUDENT)
    assert set(rows) == set(scores), f"{module.folder}: the page lists {sorted(rows)}, the gradebook {sorted(scores)}"
    assert any(got == full for got, full in scores.values()), f"{module.folder}: nothing passes, not partly correct"
    autograded = nbformat.read(runner.grading_dir / "autograded" / STUDENT / module.folder / module.notebook, 4)
    expected = {_meta(c)["grade_id"]: first_error_line(c) for c in autograded.cells if _meta(c).get("grade_id") in
                scores and scores[_meta(c)["grade_id"]][0] < scores[_meta(c)["grade_id"]][1]}
    for gid, (result, message) in rows.items():
        if gid not in expected:
            assert (result, message) == ("PASS", ""), f"{module.folder}: {gid} passed, the page says {result}"
            continue
        assert result == "FAIL" and expected[gid] and expected[gid][:120] in message, \
            f"{module.folder}: {gid} failed with {expected[gid]!r}; the page says {result} {message!r}"
    if unsolved is not None:
        assert any(m == "not implemented yet" for m in expected.values()), f"{module.folder}: {unsolved} not reported"
    if mutant is not None:
        failed = set(mutant_header(mutant)["FAILS"])
        assert failed <= set(expected), f"{module.folder}: {mutant.name} should fail {failed}, failed {expected}"


def page_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def cell_text(nb) -> str:
    return "\n".join(c.source for c in nb.cells)


def secret_lines(module, release_text: str):
    "(hidden-test lines, solution-region lines) of the source notebook that the release does not show anyway."
    source = nbformat.read(COURSE.require_source(module), as_version=4)
    hidden = [line for c in source.cells for line in regions(c.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")]
    solution = [line for c in source.cells for line in regions(c.source, *MARKERS)]

    def keep(lines):
        return sorted({line for line in lines if len(line) > 8 and line not in release_text})
    return keep(hidden), keep(solution)


def test_page_shows_no_hidden_test_or_solution_line(graded, module):
    built, runner, _, _ = graded
    _, submitted, _, _ = built[module.folder]
    release_text = cell_text(nbformat.read(module.release_path(runner.grading_dir), as_version=4))
    hidden, solution = secret_lines(module, release_text)
    assert hidden and solution, f"{module.folder}: found no hidden tests or no solutions in the source notebook"
    text = page_text(page_of(runner, module))
    lines = {line.strip() for line in text.split("\n")}
    own = cell_text(submitted)      # what the student wrote may be shown, it is theirs (MARK keeps it apart,
    own_lines = {line.strip() for line in own.split("\n")}   # except on lines ending in a backslash continuation)
    leaked = [line for line in hidden + solution
              if line not in own_lines and (line in lines or (line not in own and line in text))]
    assert not leaked, f"{module.folder}: the feedback page shows source lines:\n" + "\n".join(leaked[:10])
    assert MARK.strip() in text, f"{module.folder}: the student's own code is not on the page"
