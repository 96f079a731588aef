"""Every check in a graded test cell says what failed, on one line (static, fast).

A student's feedback page shows only the first line of a failing test cell's error, cut at 400 characters
(tinytorch_course/feedback.py): a bare `assert` shows "test failed (no message)", and a message whose details come
after a line break shows only the text before it. So in every graded test cell of every registered module, visible
and hidden parts alike:
  * every `assert` has a message;
  * that message is text (a string or an f-string), not just a value such as `assert ok, result`: a repr of the
    result does not say which property failed;
  * no string literal in an `assert` message, a `raise AssertionError(...)` or a tinytorch.testing check call
    contains a line break.
(A message that interpolates a 2-D array also spans several lines; that cannot be seen statically, so test authors
interpolate shapes, dtypes, scalars or 1-D values only.)
"""
import ast

import pytest

from conftest import ROOT
from tinytorch_course.course import load_course
from tinytorch_course.notebook_cells import graded_tests, strip_magics

COURSE = load_course(ROOT)
# The kit's checks: every argument after the function's name is (part of) the message. For `call(name, case, fn,
# *args)` only the case is: the rest are the student function and its arguments (test data).
CHECKS = {"check_close", "check_equal", "check_shape", "check_dtype", "check_raises", "check_true", "check_integer"}


def _strings(node):
    "Every str constant in `node`'s subtree (the literal parts of f-strings included)."
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _call_name(node):
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def message_problems(source: str) -> list:
    "['line N: problem'] for one graded test cell's source (IPython magics allowed)."
    problems = []
    for node in ast.walk(ast.parse(strip_magics(source))):
        messages = []
        if isinstance(node, ast.Assert):
            if node.msg is None:
                problems.append(f"line {node.lineno}: assert without a message")
                continue
            if not _strings(node.msg):
                problems.append(f"line {node.lineno}: assert message is only a value "
                                f"({ast.unparse(node.msg)!r}); say which property failed")
            messages = [node.msg]
        elif isinstance(node, ast.Call) and _call_name(node) == "AssertionError":
            messages = node.args
        elif isinstance(node, ast.Call) and _call_name(node) in CHECKS:
            messages = node.args[1:] + [k.value for k in node.keywords]
        elif isinstance(node, ast.Call) and _call_name(node) == "call":
            messages = node.args[1:2]
        for message in messages:
            if any("\n" in s for s in _strings(message)):
                problems.append(f"line {node.lineno}: message has a line break; feedback shows only the first "
                                "line")
    return sorted(set(problems), key=lambda p: int(p.split()[1].rstrip(":")))


@pytest.mark.parametrize("folder", [m.folder for m in COURSE.modules])
def test_graded_checks_have_one_line_messages(folder):
    module = COURSE.resolve(folder)
    found = [f"{grade_id} {problem}" for grade_id, cell in graded_tests(module.source_path(ROOT)).items()
             for problem in message_problems(cell.source)]
    assert not found, f"{folder}: {len(found)} checks would give a poor feedback line: " + "; ".join(found)


@pytest.mark.parametrize("source, expected", [
    ("assert x == 1", ["line 1: assert without a message"]),
    ("assert x == 1, x", ["line 1: assert message is only a value ('x'); say which property failed"]),
    ("assert x == 1, f'f: wrong:\\n{x}'", ["line 1: message has a line break; feedback shows only the first line"]),
    ("raise AssertionError('a\\nb')", ["line 1: message has a line break; feedback shows only the first line"]),
    ("check_true('f', ok, 'a\\nb')", ["line 1: message has a line break; feedback shows only the first line"]),
    ("%xmode Minimal\nassert x == 1, f'f(3): expected 1, got {x}'\ncheck_equal('f', a, b, case='n=3')", []),
])
def test_the_scanner_itself(source, expected):
    assert message_problems(source) == expected
