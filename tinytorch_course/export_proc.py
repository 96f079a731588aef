"""nbdev export processor (hand-written, not generated).

nbgrader marks the reference solution inside a notebook cell with `### BEGIN SOLUTION` / `### END SOLUTION`
comment lines. They mean nothing to a learner reading `tinytorch/`, so `nbdev-export` drops them
(`export_procs` in pyproject.toml points here). Only whole marker lines are removed; code is untouched.
"""
import re

_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)[ \t]*$")


def strip_nbgrader_markers(cell):
    "Remove nbgrader marker lines from an exported code cell (edits `cell.source` in place)."
    if cell.cell_type != "code" or "### " not in cell.source:
        return
    lines = cell.source.split("\n")
    cell.source = "\n".join(line for line in lines if not _MARKER.match(line))
