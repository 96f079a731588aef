"""Decide what runs where for one submission: which cells the student's kernel executes, which test cells the
checker evaluates, and what of the submission is ignored (hand-written course tooling).

The instructor's SOURCE notebook is the authority for every cell with an nbgrader `grade_id`:
  * graded test cells and locked cells come from the source, whatever the submission holds (edited, deleted, moved
    or retyped, they are restored, as nbgrader's OverwriteCells does) — test cells run in the checker only;
  * a solution cell takes the student's code only if the submitted cell is still a code cell with the same nbgrader
    role; a solution that became markdown or lost its metadata is replaced by the release version (its stub), with
    a note for the report;
  * cells without a known grade_id (the student's own, or the unlocked demo and measurement cells) run in the
    kernel as submitted, in their submitted position relative to the source cells; markdown is never executed.
Parsing is defensive: deep nesting, wrong types or a huge file give `MalformedNotebook` with a one-line reason.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path

from .notebook_cells import cell_role, cell_source, nbgrader_meta

__all__ = ["Cell", "Plan", "MalformedNotebook", "load_notebook_json", "plan_cells", "MAX_NOTEBOOK_BYTES"]

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


class MalformedNotebook(ValueError):
    "The file is not a notebook we can grade; the message says what was expected and what was found."


@dataclass
class Cell:
    """One cell to run. `where`: 'kernel' (the sandboxed kernel) or 'checker' (a graded test cell). `origin`:
    'source', 'release' (a stub put back) or 'student'."""
    where: str
    source: str
    grade_id: str = ""
    points: float = 0.0
    origin: str = "source"


@dataclass
class Plan:
    cells: list
    notes: list = field(default_factory=list)          # what was restored or replaced, for the report
    manual: dict = field(default_factory=dict)         # grade_id -> max points of manually graded answers


def load_notebook_json(path: Path) -> dict:
    "The notebook at `path` as a dict, or MalformedNotebook (not a regular file, not UTF-8 JSON, too big or deep)."
    path = Path(path)
    if path.is_symlink() or not path.is_file():
        raise MalformedNotebook(f"expected a regular notebook file at {path.name}, found "
                                f"{'a symbolic link' if path.is_symlink() else 'no regular file'}")
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise MalformedNotebook(f"notebook is {path.stat().st_size} bytes; at most {MAX_NOTEBOOK_BYTES} expected")
    try:
        nb = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise MalformedNotebook(f"notebook is not UTF-8 text ({err.reason} at byte {err.start})") from None
    except RecursionError:
        raise MalformedNotebook("notebook JSON is nested too deeply to be a notebook") from None
    except ValueError as err:
        raise MalformedNotebook(f"notebook is not valid JSON: {err}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise MalformedNotebook("expected a JSON object with a 'cells' list (an nbformat 4 notebook)")
    for i, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise MalformedNotebook(f"cell {i} is not a code, markdown or raw cell")
        src = cell.get("source", "")
        if not (isinstance(src, str) or (isinstance(src, list) and all(isinstance(s, str) for s in src))):
            raise MalformedNotebook(f"cell {i}: source must be text or a list of lines")
        meta = cell.get("metadata", {})
        if not isinstance(meta, dict) or not isinstance(meta.get("nbgrader", {}) or {}, dict):
            raise MalformedNotebook(f"cell {i}: metadata must be an object")
    return nb


def _grade_id(cell):
    gid = nbgrader_meta(cell).get("grade_id")
    return gid if isinstance(gid, str) else None


def plan_cells(source: dict, release: dict, submission: dict) -> Plan:
    "The cells to run for `submission` (dicts as loaded by load_notebook_json), in order, and what was changed."
    src_cells = {g: c for c in source["cells"] if (g := _grade_id(c))}
    rel_cells = {g: c for c in release["cells"] if (g := _grade_id(c))}
    plan = Plan([])
    extras = {None: []}            # anchor grade_id (None: before the first) -> the student's own code cells
    anchor, submitted = None, {}
    for cell in submission["cells"]:
        gid = _grade_id(cell)
        if gid in src_cells and gid not in submitted:
            submitted[gid] = cell
            anchor = gid
            extras.setdefault(gid, [])
        elif cell.get("cell_type") == "code":
            extras.setdefault(anchor, []).append(cell_source(cell))
    plan.cells += [Cell("kernel", s, origin="student") for s in extras[None]]
    for gid, scell in src_cells.items():
        role = cell_role(scell)
        got = submitted.get(gid)
        if role == "solution":
            if got is not None and cell_role(got) == "solution":
                plan.cells.append(Cell("kernel", cell_source(got), gid, origin="student"))
            else:
                why = "missing" if got is None else f"submitted as a {got.get('cell_type')} cell with changed metadata"
                plan.notes.append(f"solution cell {gid} {why}: graded with the release version (no answer)")
                plan.cells.append(Cell("kernel", cell_source(rel_cells.get(gid, scell)), gid, origin="release"))
        elif role == "test":
            points = float(nbgrader_meta(scell).get("points") or 0)
            if got is None or cell_source(got) not in (cell_source(rel_cells.get(gid, scell)), cell_source(scell)):
                plan.notes.append(f"test cell {gid} was {'deleted' if got is None else 'changed'}: restored")
            plan.cells.append(Cell("checker", cell_source(scell), gid, points))
        elif role == "locked":
            plan.cells.append(Cell("kernel", cell_source(scell), gid))
        elif role == "answer":
            plan.manual[gid] = float(nbgrader_meta(scell).get("points") or 0)
        plan.cells += [Cell("kernel", s, origin="student") for s in extras.get(gid, [])]
    # Cells after the last graded test cell cannot change any score: skip them (a module's closing measurements
    # would otherwise cost every submission their run time).
    last_test = max((i for i, c in enumerate(plan.cells) if c.where == "checker"), default=-1)
    del plan.cells[last_test + 1:]
    return plan
