"""The nbgrader configuration every grading directory gets (fast: the config files are loaded, nothing runs)."""
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

from conftest import ROOT
from tinytorch_course.course import load_course
from tinytorch_course.nbgrader_runner import NbgraderRunner

from _grading_helpers import FIXTURE_COURSE


def _load(config_file: Path):
    return PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()


def _check(c, grading_dir: Path, course_root: Path):
    course = load_course(course_root)
    assert c.CourseDirectory.root == str(grading_dir)  # absolute: nbgrader warns about relative roots
    assert c.CourseDirectory.source_directory == str(course_root / "modules")  # sources are read in place
    assert c.CourseDirectory.db_url == f"sqlite:///{grading_dir / 'gradebook.db'}"
    assert c.CourseDirectory.course_id == course.course_id
    assert c.ExecutePreprocessor.timeout == course.cell_timeout
    assert c.OverwriteCells.add_missing_cells is True
    assert "nbgrader.preprocessors.ClearHiddenTests" in c.GenerateFeedback.preprocessors
    assert "tinytorch_course.feedback.MinimalTracebacks" in c.GenerateFeedback.preprocessors


def test_the_course_grading_config():
    _check(_load(ROOT / "grading" / "nbgrader_config.py"), ROOT / "grading", ROOT)


def test_a_separate_grading_dir_gets_the_same_policy(tmp_path):
    runner = NbgraderRunner(load_course(FIXTURE_COURSE), tmp_path / "g")
    runner.ensure_grading_dir()
    _check(_load(tmp_path / "g" / "nbgrader_config.py"), tmp_path / "g", FIXTURE_COURSE)
