"""Grading round trip for every graded module listed in settings.ini (slow: runs each notebook several times).

For each module, in a fresh grading dir (never the user's gradebook):
  * `nbgrader generate_assignment` releases it,
  * the instructor's source notebook, submitted as a student, scores full marks on every autograded cell, in three
    batches with three different seeds for the hidden inputs (scores must not depend on the seed),
  * the untouched release notebook scores 0 on every autograded cell, in each of those batches,
  * `nbgrader validate` passes on the source and `nbgrader validate --invert` finds no passing test in the release.
Scores are read per cell from the gradebook. New modules are picked up from settings.ini automatically.
"""
import pytest

from _grading_helpers import put_submission
from tinytorch_course.autograde import autograde_batch, cell_scores
from tinytorch_course.course import load_course
from tinytorch_course.nbgrader_runner import NbgraderRunner, validate

from conftest import ROOT

COURSE = load_course(ROOT)

pytestmark = [pytest.mark.slow, pytest.mark.roundtrip]


SEEDS = (11, 22, 33)      # three grading runs, three different sets of hidden inputs


@pytest.fixture(scope="module", params=COURSE.modules, ids=lambda m: m.folder)
def graded(request, tmp_path_factory):
    """(runner, module, runs): the module released, then autograded once per seed in SEEDS for the students
    'source' and 'release'; runs[seed] = ({student: SubmissionResult}, {student: cell scores})."""
    module = request.param
    source = COURSE.require_source(module)
    runner = NbgraderRunner(COURSE, tmp_path_factory.mktemp(module.folder) / "grading")
    release = runner.release(module)
    subs = runner.grading_dir.parent / "submissions"
    put_submission(subs, "source", source.read_text(), module.folder, module.notebook)
    put_submission(subs, "release", release.read_text(), module.folder, module.notebook)
    runs = {}
    for seed in SEEDS:
        results = {r.student: r for r in autograde_batch(runner, subs, [module], progress=False, jobs=2, seed=seed)}
        runs[seed] = results, {s: cell_scores(runner, module, s) for s, r in results.items() if r.status == "graded"}
    return runner, module, runs


def test_source_scores_full_marks_on_every_cell_for_every_seed(graded):
    runner, module, runs = graded
    for seed, (results, scores) in runs.items():
        assert results["source"].status == "graded" and results["source"].sandbox == "bubblewrap", results["source"]
        assert scores["source"], f"{module.folder} has no autograded cells"
        lost = {gid: s for gid, s in scores["source"].items() if s[0] != s[1]}
        assert not lost, f"{module.folder}, seed {seed}: the reference solution loses points on {lost}"


def test_release_scores_zero_on_every_cell_for_every_seed(graded):
    runner, module, runs = graded
    for seed, (results, scores) in runs.items():
        assert results["release"].status == "graded", results["release"]
        assert set(scores["release"]) == set(scores["source"])
        earned = {gid: s for gid, s in scores["release"].items() if s[0] != 0}
        assert not earned, f"{module.folder}, seed {seed}: the empty release earns points on {earned}"


def test_nbgrader_validate(graded):
    runner, module, _ = graded
    ok = validate(module.source_path(ROOT), timeout=COURSE.notebook_timeout)
    assert "Success! Your notebook passes all the tests." in ok.stdout, ok.stdout[-2000:] + ok.stderr[-2000:]
    inverted = validate(module.release_path(runner.grading_dir), invert=True, timeout=COURSE.notebook_timeout)
    assert "Success! The notebook does not pass any tests." in inverted.stdout, inverted.stdout[-2000:]
