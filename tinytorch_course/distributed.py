"""Grading past one machine: the checker runs on a Dask distributed worker (hand-written course tooling).

    tinytorch autograde SUBMISSIONS --scheduler tcp://HOST:8786

The coordinator (autograde.py) stays the only writer of the gradebook and the reports. For each submission one of
its threads sends a *payload* — the source notebook (hidden tests), the release notebook, the submitted notebook, as
bytes, plus the seed and the course's limits — to the cluster and waits for the verdict; the worker writes the three
notebooks into a private temporary folder and runs the same trusted checker as a local run
(`checker.run_checker_process`: the student's kernel in bubblewrap on the worker, the tests in a separate process).
A worker needs this package installed (`pip install tinytorch-opt[course]`, same version as the coordinator) and
bubblewrap; it needs no copy of the course folder or the gradebook. Results are plain JSON-able dicts.
"""
import os
import tempfile
from pathlib import Path
from types import SimpleNamespace

__all__ = ["grading_payload", "grade_on_worker", "DaskGrader"]


def grading_payload(course, module, release_path: Path, submission_path: Path, seed: int, allow_unsandboxed: bool,
                    run_id: str) -> dict:
    "Everything a worker needs to grade one submission, by value (no path on the coordinator is read there)."
    return {"folder": module.folder, "notebook": module.notebook, "export": module.export,
            "source": module.source_path(course.root).read_bytes(), "release": Path(release_path).read_bytes(),
            "submission": Path(submission_path).read_bytes(), "seed": int(seed),
            "cell_timeout": course.cell_timeout, "notebook_timeout": course.notebook_timeout,
            "memory_mb": course.memory_limit_mb, "allow_unsandboxed": bool(allow_unsandboxed), "run_id": run_id}


def grade_on_worker(payload: dict) -> dict:
    """Runs ON the worker: the checker for one payload, in a temporary folder removed afterwards. Returns the
    checker's result dict (status, cells, ...), with `worker` = this host's name and the worker's pid."""
    from .checker import checker_job, run_checker_process
    # the course's limits as checker_job reads them from a Course (the worker has no course folder)
    limits = SimpleNamespace(cell_timeout=payload["cell_timeout"], notebook_timeout=payload["notebook_timeout"],
                             memory_limit_mb=payload["memory_mb"])
    with tempfile.TemporaryDirectory(prefix="tinytorch-remote-") as tmp:
        tmp = Path(tmp)
        paths = {}
        for name in ("source", "release", "submission"):
            paths[name] = tmp / name / payload["folder"] / payload["notebook"]
            paths[name].parent.mkdir(parents=True)
            paths[name].write_bytes(payload[name])
        spec = checker_job(limits, paths["source"], paths["release"], paths["submission"], payload["export"],
                           payload["seed"], cpu_seconds=payload["notebook_timeout"],
                           allow_unsandboxed=payload["allow_unsandboxed"], workdir=str(tmp), run_id=payload["run_id"])
        result = run_checker_process(spec, payload["notebook_timeout"] + 120, tmp)
    result["worker"] = f"{os.uname().nodename} (pid {os.getpid()})"
    return result


class DaskGrader:
    """A connection to a Dask distributed scheduler; `grade(payload)` blocks until a worker returns the verdict.
    `slots()`: how many submissions the cluster grades at once (its worker threads)."""

    def __init__(self, address: str, timeout: float = 30.0):
        try:
            from distributed import Client
        except ImportError:
            raise RuntimeError("--scheduler needs Dask distributed: pip install distributed") from None
        self.address, self.running = address, set()
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except OSError as err:
            raise RuntimeError(f"cannot reach the Dask scheduler at {address}: {err}") from None

    def slots(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def grade(self, payload: dict) -> dict:
        # pure=False: two identical payloads (a resubmission) are graded twice, never served from a cache
        future = self.client.submit(grade_on_worker, payload, pure=False)
        self.running.add(future)
        try:
            return future.result()
        finally:
            self.running.discard(future)

    def cancel_running(self) -> None:
        "Abandon the gradings in flight (a second Ctrl-C): their waiting threads get CancelledError."
        if self.running:
            self.client.cancel(list(self.running))

    def close(self) -> None:
        self.client.close()
