"""Feedback pages that teach without leaking hidden tests or solutions (hand-written, not generated).

nbgrader's `generate_feedback` converts the *autograded* notebook to HTML. That notebook has every locked cell
re-inserted from the gradebook, hidden tests included, so its feedback leaks them unless preprocessors scrub the
source, the tracebacks and any output that echoes hidden data. Scrubbing is a deny list; one missed path leaks a
course's answers for good. So `tinytorch feedback` does not convert notebooks: it builds each page from three stored
pieces, none of which can contain hidden test source by construction:

  (a) the gradebook: points and score of every graded cell (nbgrader's DB stays the source of scores);
  (b) the autograded notebook's *error outputs* only: the first line of each failing test cell's error, i.e. the
      `ExceptionName: message` that the checks in tinytorch.testing write to say which property failed on which case.
      Never the cell source, never printed output: a hidden block may print its data, and a student's prints
      cannot be told apart from it (students see their own prints with `tinytorch check`);
  (c) the student's own answer cells, read from the *submitted* notebook (what they handed in, never the
      autograded copy, never the source notebook).

Everything is HTML-escaped. No kernel runs: rendering a page never executes student code, so a notebook that hung or
crashed during grading cannot stall feedback; its page states the autograde status instead. Integrity flags
(<grading>/reports/integrity_flags.csv) go only to the instructor's summary, <grading>/reports/summary.html; a
flagged student's page says only that the submission is under review.

`MinimalTracebacks` below is kept for instructors who run `nbgrader generate_feedback` by hand (see
nbgrader_defaults.py); the `tinytorch` CLI does not use it.
"""
import csv
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from .course import CourseError, Module
from .notebook_cells import cell_source, nbgrader_meta
from .student import failure_reason

__all__ = ["GradedCell", "FeedbackPage", "failure_message", "graded_cells", "student_answers", "answer_errors",
           "render_graded_page", "render_status_page", "read_report", "read_flags", "write_feedback",
           "render_summary", "MinimalTracebacks", "NO_MESSAGE", "MAX_MESSAGE"]

# What a student reads for a failing check that explains nothing (a bare `assert x == y` in a hidden block): the
# assertion's source line is exactly what must not be shown, so say that much and no more.
NO_MESSAGE = "test failed (no message)"
# Long enough for tinytorch.testing one-liners with a long case description (the longest seen in modules 15-19: ~230
# characters), short enough that an error message dumping arrays cannot dump many values.
MAX_MESSAGE = 400

# What the student's page says for each autograde status other than "graded" (see autograde.STATUSES). Only the
# statuses whose report message is about the student's own file show that message.
STATUS_TEXT = {
    "timeout": ("Your notebook did not finish within the time limit, so it scored 0. Look for a loop that never "
                "ends or a cell that is far slower than needed, and run `tinytorch check {number}` before "
                "submitting.", True),
    "crashed": ("The Python process running your notebook stopped before grading finished (for example "
                "`os._exit`, a crash inside native code, or running out of memory), so it scored 0. Run "
                "`tinytorch check {number}` on your copy to find the cell that stops it.", False),
    "malformed": ("Your file could not be read as a Jupyter notebook, so it was not graded (0 points). Save it "
                  "from Jupyter again (File > Download) and resubmit it without editing it elsewhere.", True),
    "missing": ("No notebook was found for this module under the expected name, so it was not graded (0 points). "
                "Keep the released file name.", True),
    "flagged": ("Your submission is under review by your instructor. Your feedback will be available after the "
                "review.", False),
    "error": ("Feedback for this submission could not be generated. Your instructor has been told.", False),
}


@dataclass
class GradedCell:
    """One graded cell of a submission. `kind` is 'test' (autograded code) or 'written' (graded by hand);
    `score` is None while a written answer awaits grading; `message` says why a test failed ('' if it passed)."""
    grade_id: str
    kind: str
    points: float
    score: float = None
    message: str = ""

    @property
    def result(self) -> str:
        if self.kind == "written":
            return "graded by hand" if self.score is not None else "awaiting grading"
        return "PASS" if self.score is not None and self.score >= self.points else "FAIL"


@dataclass
class FeedbackPage:
    "One written page and what the instructor's summary says about it. `error` is set when rendering failed."
    student: str
    module: Module
    status: str
    score: float
    max_score: float
    path: Path
    flags: list = field(default_factory=list)
    error: str = ""
    message: str = ""


# -- pieces of a page --------------------------------------------------------------------------------------------

def failure_message(cell, cell_timeout) -> str:
    """The one line a student sees for a failing test cell: the first line of its error, shortened; never the
    source. A bare AssertionError (no message) becomes NO_MESSAGE; '' means the cell recorded no failure."""
    reason = failure_reason(cell, cell_timeout)
    if reason == "AssertionError":
        return NO_MESSAGE
    if reason.startswith("AssertionError: "):  # tinytorch.testing messages already name the function and the case
        reason = reason[len("AssertionError: "):]
    return reason if len(reason) <= MAX_MESSAGE else reason[:MAX_MESSAGE - 1] + "\u2026"


def _read_notebook(path: Path) -> dict:
    "A notebook as plain JSON (no nbformat validation: a page should render even from a slightly odd file)."
    return json.loads(Path(path).read_text(encoding="utf-8"))


def graded_cells(grades: dict, autograded_nb: dict, cell_timeout) -> list:
    """GradedCell rows in notebook order. `grades`: {grade_id: (score or None, max_score, cell_type)} from the
    gradebook; `autograded_nb`: the autograded notebook (JSON), used only for the error outputs of test cells."""
    cells = {nbgrader_meta(c).get("grade_id"): c
             for c in autograded_nb.get("cells", []) if nbgrader_meta(c).get("grade")}
    order = [gid for gid in cells if gid in grades] + sorted(gid for gid in grades if gid not in cells)
    rows = []
    for gid in order:
        score, points, cell_type = grades[gid]
        if cell_type != "code":
            rows.append(GradedCell(gid, "written", points, score))
            continue
        row = GradedCell(gid, "test", points, score)
        if row.result == "FAIL":
            found = failure_message(cells[gid], cell_timeout) if gid in cells else ""
            row.message = found or "failed (no error was recorded for this cell)"
        rows.append(row)
    return rows


def student_answers(submitted_nb: dict) -> list:
    """(grade_id, cell_type, source) of every answer cell (nbgrader `solution: true`) of the notebook the student
    handed in, in order. Locked test cells are never taken, whatever the student did to them."""
    return [(nbgrader_meta(c).get("grade_id", "?"), c.get("cell_type", "code"), cell_source(c))
            for c in submitted_nb.get("cells", [])
            if nbgrader_meta(c).get("solution")]


def answer_errors(autograded_nb: dict, cell_timeout) -> dict:
    """{grade_id: message} for the student's answer cells that raised when graded (a SyntaxError, a NameError at
    top level...). These cells hold only the student's code, so their errors are theirs to see."""
    errors = {}
    for c in autograded_nb.get("cells", []):
        meta = nbgrader_meta(c)
        if meta.get("solution") and not meta.get("grade") and c.get("cell_type") == "code":
            message = failure_message(c, cell_timeout)
            if message:
                errors[meta.get("grade_id", "?")] = message
    return errors


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.4rem 0 .3rem; font-family: ui-monospace, monospace; }
.meta { color: #555; margin-top: 0; }
.total { font-size: 1.2rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f3f3f5; } td.num { text-align: right; white-space: nowrap; }
td.id { font-family: ui-monospace, monospace; white-space: nowrap; } td.result { white-space: nowrap; }
.PASS { color: #0a7a2f; font-weight: 600; } .FAIL { color: #b3261e; font-weight: 600; }
.msg { font-family: ui-monospace, monospace; font-size: .9rem; overflow-wrap: anywhere; }
td.msg { width: 50%; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 4px; padding: .7rem; overflow-x: auto;
      font-size: .85rem; }
.status { border-left: 4px solid #b3261e; background: #fdf3f2; padding: .8rem 1rem; }
.status.flagged { border-color: #8a6d00; background: #fffbe6; }
.note { color: #555; font-size: .9rem; margin-top: 2rem; }
ul { margin: 0; padding-left: 1rem; }
"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>'
            f"\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _prose(text) -> str:
    "Escaped `text` with its `backquoted` parts set as code."
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _header(module: Module, student: str) -> str:
    return (f"<h1>{_e(module.title)}</h1>\n<p class=\"meta\">Module {_e(module.folder)} &middot; "
            f"student {_e(student)}</p>")


def _pts(x) -> str:
    return "&ndash;" if x is None else f"{x:g}"


def render_graded_page(module: Module, student: str, rows: list, answers: list, errors=None) -> str:
    """A graded submission: total, one table row per graded cell, then the student's own answer cells, each with
    the error it raised when graded (`errors`: {grade_id: message}, see answer_errors)."""
    errors = errors or {}
    auto = [r for r in rows if r.kind == "test"]
    got = sum(r.score or 0 for r in rows)
    total = sum(r.points for r in rows)
    passed = sum(r.result == "PASS" for r in auto)
    pending = sum(r.points for r in rows if r.result == "awaiting grading")
    waiting = f" ({pending:g} points of written answers not graded yet)" if pending else ""
    out = [_header(module, student),
           f'<p class="total">Score: {got:g} / {total:g} points{waiting}</p>',
           f"<p>{passed} of {len(auto)} autograded test cells pass. A failing test says which function, which case "
           f"and what property went wrong; the hidden test code itself is not shown.</p>",
           "<h2>Graded cells</h2>",
           "<table>\n<tr><th>cell</th><th>points</th><th>score</th><th>result</th><th>what failed</th></tr>"]
    for r in rows:
        out.append(f'<tr><td class="id">{_e(r.grade_id)}</td><td class="num">{r.points:g}</td>'
                   f'<td class="num">{_pts(r.score)}</td>'
                   f'<td class="result {_e(r.result.split()[0])}">{_e(r.result)}</td>'
                   f'<td class="msg">{_e(r.message)}</td></tr>')
    out.append("</table>")
    out.append("<h2>Your answers</h2>")
    if not answers:
        out.append("<p>No answer cells were found in the notebook you handed in.</p>")
    for gid, cell_type, source in answers:
        label = "written answer" if cell_type == "markdown" else "code"
        out.append(f"<h3>{_e(gid)} <small>({label})</small></h3>\n<pre><code>{_e(source)}</code></pre>")
        if gid in errors:
            out.append(f'<p>When graded, this cell raised: <span class="msg FAIL">{_e(errors[gid])}</span></p>')
    out.append(f'<p class="note">Re-run the visible tests of your copy with <code>tinytorch check '
               f"{_e(module.number)}</code>; hidden tests run only when the notebook is graded.</p>")
    return _page(f"{module.folder} feedback for {student}", "\n".join(out))


def render_status_page(module: Module, student: str, status: str, message: str = "") -> str:
    "A submission that was not graded normally (timeout, crashed, malformed, missing, flagged, error)."
    text, show_message = STATUS_TEXT.get(status, (f"Your submission has the status '{status}'. Ask your instructor "
                                                  f"what it means.", False))
    body = [_header(module, student), f'<div class="status {_e(status)}"><p><strong>{_e(status)}</strong>: '
            f"{_prose(text.format(number=module.number))}</p>"]
    if show_message and message:
        body.append(f'<p class="msg">{_e(message)}</p>')
    body.append("</div>")
    return _page(f"{module.folder} feedback for {student}", "\n".join(body))


# -- the batch ---------------------------------------------------------------------------------------------------

def read_report(grading_dir: Path) -> dict:
    "{(student, module folder): row} from <grading>/reports/autograde_report.csv ({} if there is none)."
    path = Path(grading_dir) / "reports" / "autograde_report.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        return {(r["student"], r["module"]): r for r in csv.DictReader(f)}


def read_flags(grading_dir: Path, course=None) -> dict:
    """{(student, module folder): [flag rows]} from <grading>/reports/integrity_flags.csv (columns student, module,
    cell, line, rule, reason); no file means no flags. A module given by number or name is mapped to its folder."""
    path = Path(grading_dir) / "reports" / "integrity_flags.csv"
    flags = {}
    if not path.is_file():
        return flags
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            folder = row.get("module", "")
            if course is not None:
                try:
                    folder = course.resolve(folder).folder
                except CourseError:  # an unknown module name is still shown, as written
                    pass
            flags.setdefault((row.get("student", ""), folder), []).append(row)
    return flags


def _gradebook_grades(runner, module: Module, student: str):
    """({grade_id: (score, max_score, cell_type)}, total score, max score) of a graded submission, or None if the
    gradebook has no such submission. Written answers not graded yet have score None."""
    from nbgrader.api import MissingEntry
    if not runner.has_gradebook():
        return None
    with runner.gradebook() as gb:
        try:
            sub = gb.find_submission(module.folder, student)
        except MissingEntry:
            return None
        grades = {}
        for nb in sub.notebooks:
            for g in nb.grades:
                pending = g.cell.cell_type != "code" and g.manual_score is None
                grades[g.name] = (None if pending else float(g.score), float(g.max_score), g.cell.cell_type)
        return grades, float(sub.score), float(sub.max_score)


def _gradebook_students(runner, module: Module) -> set:
    "Students with a submission of `module` in the gradebook (none if there is no gradebook yet)."
    from nbgrader.api import MissingEntry
    if not runner.has_gradebook():
        return set()
    with runner.gradebook() as gb:
        try:
            return {s.student.id for s in gb.find_assignment(module.folder).submissions}
        except MissingEntry:
            return set()


def _report_points(row) -> tuple:
    "(score, max_score) as the autograde report has them; (0, 0) if absent or unreadable."
    try:
        return float((row or {}).get("score") or 0), float((row or {}).get("max_score") or 0)
    except ValueError:
        return 0.0, 0.0


def _page_path(runner, module: Module, student: str) -> Path:
    "<grading>/feedback/<student>/<module folder>/<notebook stem>.html (where nbgrader put its feedback too)."
    return runner.grading_dir / "feedback" / student / module.folder / f"{module.notebook_id}.html"


def _render_one(runner, module: Module, student: str, report_row) -> tuple:
    "(html, status, score, max_score) for one student × module; raises on unreadable stored files."
    status = (report_row or {}).get("status") or "graded"
    score, max_score = float((report_row or {}).get("score") or 0), float((report_row or {}).get("max_score") or 0)
    if status != "graded":
        return render_status_page(module, student, status, (report_row or {}).get("message", "")), status, score, \
            max_score
    stored = _gradebook_grades(runner, module, student)
    if stored is None:
        return render_status_page(module, student, "missing", "no graded submission was found"), "missing", 0.0, \
            max_score
    grades, score, max_score = stored
    autograded = _read_notebook(runner.grading_dir / "autograded" / student / module.folder / module.notebook)
    submitted = _read_notebook(module.submitted_path(runner.grading_dir, student))
    rows = graded_cells(grades, autograded, runner.course.cell_timeout)
    errors = answer_errors(autograded, runner.course.cell_timeout)
    return render_graded_page(module, student, rows, student_answers(submitted), errors), status, score, max_score


def write_feedback(runner, modules) -> list:
    """Write a page for every student × module that was autograded (in the report or the gradebook); returns a
    FeedbackPage per page. A page that cannot be rendered becomes an 'error' page; the batch always goes on."""
    report = read_report(runner.grading_dir)
    flags = read_flags(runner.grading_dir, runner.course)
    pages = []
    for module in modules:
        students = {s for (s, folder) in report if folder == module.folder} | _gradebook_students(runner, module)
        for student in sorted(students):
            row = report.get((student, module.folder))
            path = _page_path(runner, module, student)
            page = FeedbackPage(student, module, "", 0.0, 0.0, path, flags.get((student, module.folder), []),
                                message=(row or {}).get("message", ""))
            page.score, page.max_score = _report_points(row)
            try:
                text, page.status, page.score, page.max_score = _render_one(runner, module, student, row)
            except Exception as err:  # noqa: BLE001 - one unreadable submission must not stop everyone's feedback
                page.status, page.error = "error", f"{type(err).__name__}: {err}"
                text = render_status_page(module, student, "error")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            pages.append(page)
    return pages


def render_summary(pages: list, summary_path: Path) -> str:
    "The instructor's overview: every student × module with score, status, integrity flags and a link to the page."
    base = Path(summary_path).parent
    out = ["<h1>Feedback summary (instructor only)</h1>",
           "<p>Integrity flags appear only here, never on a student's page; a <em>flagged</em> student's page says "
           "only that the submission is under review.</p>",
           "<table>\n<tr><th>student</th><th>module</th><th>score</th><th>status</th><th>autograde report</th>"
           "<th>integrity flags</th><th>page</th></tr>"]
    for p in pages:
        flag_items = "".join(f"<li>{_e(f.get('rule', ''))}: {_e(f.get('reason', ''))} (cell {_e(f.get('cell', ''))}"
                             f", line {_e(f.get('line', ''))})</li>" for f in p.flags)
        details = _e(p.message) + (f"<br>feedback failed: {_e(p.error)}" if p.error else "")
        rel = quote(Path(p.path).relative_to(base.parent).as_posix()) if base.parent in Path(p.path).parents else ""
        link = f'<a href="../{rel}">feedback</a>' if rel else _e(p.path)
        out.append(f"<tr><td>{_e(p.student)}</td><td>{_e(p.module.folder)}</td><td class=\"num\">{p.score:g} / "
                   f"{p.max_score:g}</td><td>{_e(p.status)}</td><td class=\"msg\">{details}</td>"
                   f"<td><ul>{flag_items}</ul></td>"
                   f"<td>{link}</td></tr>")
    out.append("</table>")
    return _page("Feedback summary", "\n".join(out))


class MinimalTracebacks(Preprocessor):
    "Replace each error output's traceback by one line, 'ExceptionName: message' (for a hand-run nbgrader)."

    enabled = Bool(True, help="nbconvert skips preprocessors that are not enabled").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                evalue = out.get("evalue", "")
                out["traceback"] = [f"{out.get('ename', 'Error')}: {evalue}" if evalue else out.get("ename", "Error")]
        return cell, resources
