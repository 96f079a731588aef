"""Grading on a Dask distributed cluster (`tinytorch autograde --scheduler`): a local cluster of 2 worker processes
on 127.0.0.1 grades the fixture course; the grades equal a local run's, every checker ran in a worker process, and
the coordinator recorded everything (one gradebook, one report)."""
import os

import pytest

from _grading_helpers import DEMO_SOURCE, FIXTURE_COURSE, notebook_with, put_submission, run_cli
from tinytorch_course.autograde import autograde_batch
from tinytorch_course.course import load_course
from tinytorch_course.nbgrader_runner import NbgraderRunner

distributed = pytest.importorskip("distributed",
                                  reason="Dask distributed is a dev dependency (pip install distributed)")


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()


def _graded(tmp_path, name, **kw):
    runner = NbgraderRunner(load_course(FIXTURE_COURSE), tmp_path / name / "grading")
    runner.release(runner.course.resolve("99"))
    return autograde_batch(runner, tmp_path / "subs", progress=False, seed=7, **kw)


@pytest.mark.slow
def test_a_two_worker_cluster_grades_like_a_local_run(cluster, tmp_path):
    from tinytorch_course.distributed import DaskGrader
    put_submission(tmp_path / "subs", "pat", DEMO_SOURCE.read_text())
    put_submission(tmp_path / "subs", "quinn", notebook_with(DEMO_SOURCE, "double", "def double(x):\n    return x\n"))
    put_submission(tmp_path / "subs", "rose", "{ not json")
    grader = DaskGrader(cluster.scheduler_address)
    try:
        assert grader.slots() == 2
        worker_pids = set(grader.client.run(os.getpid).values())
        remote = _graded(tmp_path, "remote", grader=grader)
    finally:
        grader.close()
    local = _graded(tmp_path, "local")
    assert [(r.student, r.status, r.score) for r in remote] == [(r.student, r.status, r.score) for r in local]
    assert [(r.status, r.score) for r in remote] == [("graded", 3.0), ("graded", 2.0), ("malformed", 0.0)]
    for row in remote[:2]:
        pid = int(row.message.rsplit("pid ", 1)[1].rstrip(")"))
        assert pid in worker_pids and pid != os.getpid(), row.message


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    put_submission(tmp_path / "subs", "sam", DEMO_SOURCE.read_text())
    res = run_cli("--course", FIXTURE_COURSE, "--grading-dir", tmp_path / "grading", "autograde", tmp_path / "subs",
                  "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "2", timeout=120)
    assert res.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.stderr, res.stderr
