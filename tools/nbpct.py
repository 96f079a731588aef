"""Authoring aid: convert a course notebook to a percent-format script and back, keeping nbgrader metadata.

Notebooks under modules/ are the source of truth (nbdev exports them, nbgrader releases them). Editing their JSON by
hand is error-prone, so this tool round-trips them through a readable script:

    python tools/nbpct.py to-py modules/15_acceleration/acceleration.ipynb > /tmp/acc.py   # edit /tmp/acc.py
    python tools/nbpct.py to-nb /tmp/acc.py modules/15_acceleration/acceleration.ipynb
(to-nb onto an existing notebook keeps the ids of unchanged cells, so diffs show only real edits)

Cell headers in the script:
    # %% [markdown]                              plain markdown
    # %%                                         plain code
    # %% solution id=matmul_naive                student implements this (nbgrader solution cell)
    # %% test id=test_matmul_naive points=2      locked, autograded test cell
    # %% locked id=setup                         read-only cell (students cannot edit it)
    # %% [markdown] answer id=reflect points=1   manually graded written answer
Markdown cell bodies are written as `# ` comment lines.
"""
import os
import re
import sys

import nbformat

_HEADER = re.compile(r"^# %%(?: \[(markdown)\])?(.*)$")
KINDS = {  # kind -> nbgrader flags
    "solution": dict(grade=False, solution=True, locked=False),
    "test": dict(grade=True, solution=False, locked=True),
    "locked": dict(grade=False, solution=False, locked=True),
    "answer": dict(grade=True, solution=True, locked=False),
}


def _nbgrader_meta(kind, grade_id, points):
    meta = dict(KINDS[kind], grade_id=grade_id, schema_version=3)
    if meta["grade"]:
        meta["points"] = points
    return meta


def _kind_of(meta):
    for kind, flags in KINDS.items():
        if all(meta.get(k) == v for k, v in flags.items()):
            return kind
    raise ValueError(f"unrecognised nbgrader metadata {meta}")


def to_py(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        header = "# %%" + (" [markdown]" if cell.cell_type == "markdown" else "")
        if meta:
            header += f" {_kind_of(meta)} id={meta['grade_id']}"
            if meta.get("grade"):
                header += f" points={meta['points']:g}"
        body = cell.source
        if cell.cell_type == "markdown":
            body = "\n".join(("# " + line) if line else "#" for line in body.split("\n"))
        out.append(header + "\n" + body + "\n")
    return "\n".join(out)


def _parse_args(text):
    parts = text.split()
    kind = parts[0] if parts and parts[0] in KINDS else None
    opts = dict(p.split("=", 1) for p in parts[1 if kind else 0:])
    return kind, opts


def to_nb(py_text):
    cells, current = [], None
    for line in py_text.split("\n"):
        m = _HEADER.match(line)
        if m:
            current = {"markdown": bool(m.group(1)), "args": m.group(2).strip(), "lines": []}
            cells.append(current)
        elif current is not None:
            current["lines"].append(line)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    for c in cells:
        while c["lines"] and not c["lines"][-1].strip():
            c["lines"].pop()
        if c["markdown"]:
            src = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in c["lines"])
            cell = nbformat.v4.new_markdown_cell(src)
        else:
            cell = nbformat.v4.new_code_cell("\n".join(c["lines"]))
        kind, opts = _parse_args(c["args"])
        if kind:
            cell.metadata["nbgrader"] = _nbgrader_meta(kind, opts["id"], float(opts.get("points", 0)))
        cells_id = opts.get("id")
        if cells_id:
            cell.id = re.sub(r"[^A-Za-z0-9_-]", "-", cells_id)[:64]
        nb.cells.append(cell)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate grade ids: {sorted(dup)}")
    return nb


def keep_cell_ids(nb, old_nb):
    """Give each cell of `nb` the id of the cell of `old_nb` with the same type and source (or, failing that, the
    same type at the same position): a round trip through the script then changes only the cells that were edited,
    not every id (nbformat draws fresh random ids for cells the script does not name)."""
    by_source = {}
    for c in old_nb.cells:
        by_source.setdefault((c.cell_type, c.source), []).append(c.get("id"))
    taken = {c.id for c in nb.cells if "nbgrader" in c.metadata}   # named cells keep their grade-id-based ids
    for i, cell in enumerate(nb.cells):
        if "nbgrader" in cell.metadata:
            continue
        candidates = [x for x in by_source.get((cell.cell_type, cell.source), []) if x and x not in taken]
        if not candidates and i < len(old_nb.cells) and old_nb.cells[i].cell_type == cell.cell_type:
            candidates = [x for x in [old_nb.cells[i].get("id")] if x and x not in taken]
        if candidates:
            cell.id = candidates[0]
            taken.add(candidates[0])
    return nb


def main(argv):
    if len(argv) >= 2 and argv[0] == "to-py":
        sys.stdout.write(to_py(argv[1]))
    elif len(argv) >= 3 and argv[0] == "to-nb":
        with open(argv[1]) as f:
            nb = to_nb(f.read())
        if os.path.exists(argv[2]):
            keep_cell_ids(nb, nbformat.read(argv[2], as_version=4))
        nbformat.validate(nb)
        nbformat.write(nb, argv[2])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
