# nbgrader configuration for the course (used by `tinytorch release/autograde/...` and by nbgrader run by hand from
# this directory). The settings live in tinytorch_course/nbgrader_defaults.py so that every grading directory
# (this one, or `tinytorch --grading-dir DIR`) gets the same policy:
#   - source notebooks are read in place from ../modules (they carry solutions and hidden tests),
#   - paths are absolute, gradebook.db lives here, course id and per-cell timeout come from ../settings.ini,
#   - deleted grade cells are restored (OverwriteCells.add_missing_cells), feedback hides hidden tests.
# Everything nbgrader writes here (release/, submitted/, autograded/, feedback/, gradebook.db, grades.csv,
# reports/) is generated and git-ignored.
import os

from tinytorch_course.nbgrader_defaults import configure

c = get_config()  # noqa: F821 - nbgrader defines get_config when it runs this file
configure(c, root=os.path.dirname(os.path.abspath(__file__)))
