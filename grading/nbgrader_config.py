# nbgrader configuration for the course. Module notebooks are read in place from ../modules
# (they carry solutions and hidden tests); everything nbgrader writes here is generated and git-ignored.
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "tinytorch-opt"
c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "../modules"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# A student who deletes a graded cell still gets it back (and graded) instead of silently losing it.
c.OverwriteCells.add_missing_cells = True
# The default per-cell timeout; `tinytorch autograde` passes the course value from settings.ini.
c.ExecutePreprocessor.timeout = 30
# Feedback never shows hidden test source.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
