"""nbgrader settings shared by every grading directory (hand-written, not generated).

`grading/nbgrader_config.py` calls `configure(c, root=<its own directory>)`, and `tinytorch autograde --grading-dir
DIR` writes the same three-line config into DIR, so the policy below lives in one place. The `tinytorch` CLI also
passes the paths and the per-cell timeout on nbgrader's command line, which takes precedence over this file.
"""
import os

# What `tinytorch --grading-dir DIR` writes into DIR when it has no nbgrader_config.py yet.
CONFIG_TEMPLATE = '''\
# nbgrader configuration written by `tinytorch`; the settings live in tinytorch_course/nbgrader_defaults.py.
import os
from tinytorch_course.nbgrader_defaults import configure

c = get_config()  # noqa: F821 - nbgrader defines get_config when it runs this file
configure(c, root=os.path.dirname(os.path.abspath(__file__)), course_root={course_root!r})
'''

# `nbgrader autograde` would run the hidden tests inside the student's own kernel, where the student's code can
# change what they see: this course grades with `tinytorch autograde` (trusted checker + sandbox) only.
AUTOGRADE_PREPROCESSORS = ["tinytorch_course.nbgrader_defaults.UseTinytorchAutograde"]


def _refusing_preprocessor():
    from nbgrader.preprocessors import NbGraderPreprocessor

    class UseTinytorchAutograde(NbGraderPreprocessor):
        "Stops a hand-run `nbgrader autograde`: it would let student code judge itself."

        def preprocess(self, nb, resources):
            raise RuntimeError("this course is graded with `tinytorch autograde SUBMISSIONS_DIR` (sandboxed kernel, "
                               "trusted checker); `nbgrader autograde` would run the hidden tests in the student's "
                               "kernel")
    return UseTinytorchAutograde


def __getattr__(name):
    if name == "UseTinytorchAutograde":      # built on first use: importing this file must not need nbgrader
        return _refusing_preprocessor()
    raise AttributeError(name)


def configure(c, root, course_root=None):
    """Fill nbgrader config `c` for a grading directory `root` of the course at `course_root`.

    Source notebooks are read in place from <course_root>/modules (default course: the parent of `root`); the
    course id and per-cell timeout come from <course_root>/settings.ini."""
    from tinytorch_course.course import load_course  # late import: this runs inside nbgrader's config loader

    root = os.path.abspath(root)
    course = load_course(course_root or os.path.dirname(root))
    course_root = str(course.root)
    c.CourseDirectory.course_id = course.course_id
    c.CourseDirectory.root = root
    c.CourseDirectory.source_directory = os.path.join(course_root, "modules")
    c.CourseDirectory.release_directory = "release"
    c.CourseDirectory.submitted_directory = "submitted"
    c.CourseDirectory.autograded_directory = "autograded"
    c.CourseDirectory.feedback_directory = "feedback"
    c.CourseDirectory.db_url = "sqlite:///" + os.path.join(root, "gradebook.db")
    # A student who deletes a graded cell still gets it back (and graded) instead of silently losing it.
    c.OverwriteCells.add_missing_cells = True
    # A cell running longer than this scores 0 and grading continues (settings.ini [autograde] cell_timeout).
    c.ExecutePreprocessor.timeout = course.cell_timeout
    # A hand-run `nbgrader autograde` stops with a pointer to `tinytorch autograde` (see AUTOGRADE_PREPROCESSORS).
    c.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
    # Only for an instructor who runs `nbgrader generate_feedback` by hand (`tinytorch feedback` builds its pages
    # itself, see feedback.py): ClearHiddenTests removes hidden tests from the cells, MinimalTracebacks from the
    # stored tracebacks (which print the lines around a failure). Printed output is not scrubbed.
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
        "nbgrader.preprocessors.ClearHiddenTests",
        "tinytorch_course.feedback.MinimalTracebacks",
    ]
    return c
