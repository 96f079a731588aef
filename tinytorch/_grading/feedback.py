"""Feedback HTML must not reveal hidden tests (hand-written, not generated).

nbgrader's ClearHiddenTests removes the hidden block from the cell *source*, but the stored traceback of a failing
test cell still prints the lines around the failure, hidden ones included. This preprocessor, run by
`nbgrader generate_feedback` (see nbgrader_defaults.py), keeps only the last line of every error output
("AssertionError: matmul_blocked: [n=129, tile=32] wrong result; ..."), which checks.py writes to be
self-explanatory without the code.
"""
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool


class MinimalTracebacks(Preprocessor):
    "Replace each error output's traceback by one line, 'ExceptionName: message'."

    enabled = Bool(True, help="nbconvert skips preprocessors that are not enabled").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                evalue = out.get("evalue", "")
                out["traceback"] = [f"{out.get('ename', 'Error')}: {evalue}" if evalue else out.get("ename", "Error")]
        return cell, resources
