"""The measurement workers without HTTP: a crashing or hanging measurement fails that one submission with the reason
and the worker goes on; a submission left 'measuring' by a stopped server is measured after a restart."""
import sys
import time

import pytest

from tinytorch_course.server.store import Store
from tinytorch_course.server.worker import MeasureSettings, Workers

from .conftest import TINY

CRASH = [sys.executable, "-c", "import os; print('about to crash'); os.abort()"]
HANG = [sys.executable, "-c", "import time; time.sleep(60)"]


class ScriptedWorkers(Workers):
    "Workers whose job is, per submission, a scripted command instead of job.py (None: the real job)."

    def __init__(self, *args, scripts=None, **kw):
        super().__init__(*args, **kw)
        self.scripts, self._current = scripts or {}, None

    def measure(self, public_id, cpu):
        self._current = public_id
        super().measure(public_id, cpu)

    def job_argv(self, home):
        return self.scripts.get(self._current) or super().job_argv(home)


def _enqueue(store, student, path) -> str:
    sid = store.new_public_id()
    store.stored_path(sid).write_bytes(path.read_bytes())
    store.enqueue(sid, student, path.name, "0" * 64, path.stat().st_size, "digits")
    return sid


def _wait(store, ids, timeout=60):
    deadline = time.monotonic() + timeout
    while any(store.submission(i)["status"] in ("queued", "measuring") for i in ids):
        assert time.monotonic() < deadline, [store.submission(i)["status"] for i in ids]
        time.sleep(0.2)
    return [store.submission(i) for i in ids]


def test_crash_and_hang_fail_one_submission_each_and_the_worker_goes_on(tmp_path, artifacts):
    store = Store(tmp_path / "data")
    store.add_students(["a"])
    sid = store.student_by_name("a")["id"]
    crash, hang, good = (_enqueue(store, sid, artifacts["digits"]) for _ in range(3))
    workers = ScriptedWorkers(store, MeasureSettings(config=TINY, repeats=2, timeout=3.0), n=1,
                              scripts={crash: CRASH, hang: HANG})
    if workers.mode == "off":
        pytest.skip("bubblewrap cannot run here and the worker refuses to measure unsandboxed")
    workers.start()
    try:
        c, h, g = _wait(store, [crash, hang, good])
    finally:
        workers.stop()
    assert c["status"] == "failed" and "killed by SIGABRT" in c["reason"] and "about to crash" in c["reason"]
    assert h["status"] == "failed" and "did not finish within 3 s" in h["reason"]
    assert g["status"] == "measured" and g["result"]["task"] == "digits", g["reason"]
    assert [s["measurements"] for s in (c, h, g)] == [1, 1, 1]


def test_interrupted_measurement_is_requeued_on_restart(tmp_path, artifacts):
    store = Store(tmp_path / "data")
    store.add_students(["a"])
    sid = _enqueue(store, store.student_by_name("a")["id"], artifacts["digits"])
    assert store.claim_next()["public_id"] == sid          # a server took it, then died mid-measurement
    assert store.submission(sid)["status"] == "measuring"
    workers = Workers(store, MeasureSettings(config=TINY, repeats=2), n=1)
    if workers.mode == "off":
        pytest.skip("bubblewrap cannot run here and the worker refuses to measure unsandboxed")
    workers.start()
    try:
        (s,) = _wait(store, [sid])
    finally:
        workers.stop()
    assert s["status"] == "measured" and s["measurements"] == 1, s["reason"]


def test_too_many_workers_refused(tmp_path):
    import os
    with pytest.raises(ValueError, match="one measurement per core"):
        Workers(Store(tmp_path / "d"), MeasureSettings(), n=len(os.sched_getaffinity(0)) + 1)


def test_a_public_failure_reason_keeps_the_exception_and_drops_server_paths():
    from tinytorch_course.server.worker import _last_lines
    output = ('Traceback (most recent call last):\n  File "/srv/venv/lib/tinytorch/capstone/tinymlperf.py", line 899, '
              'in artifact_system\n    raise ValueError(msg)\n    ^^^^^^^^^^^^^^^^^\n'
              "ValueError: the artifact's TinyGPT has max_len=40\n")
    reason = _last_lines(output)
    assert reason == "ValueError: the artifact's TinyGPT has max_len=40" and "/srv/" not in reason
