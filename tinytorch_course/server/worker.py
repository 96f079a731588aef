"""Measurement workers: each takes the oldest queued submission, runs job.py on it in the sandbox (pinned to its own
core, so at most one measurement per core and timings compare), and records the result or why it failed. A crash, a
hang (wall-time limit) or a rejected artifact marks that one submission failed; the worker goes on.
"""
import json
import os
import shutil
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from tinytorch_course.sandbox import SANDBOX_HOME, Limits, PackageView, run_sandboxed, sandbox_available

# What a result must hold for the board (measure_artifact's contract); anything less is a failed measurement.
RESULT_KEYS = ("task", "quality", "baseline_quality", "gate_passed", "p50_ms", "p90_ms", "p99_ms", "p90_ms_interval",
               "samples_per_s", "model_bytes", "peak_bytes", "repeats")
MAX_RESULT_BYTES = 4 * 1024 * 1024


@dataclass
class MeasureSettings:
    """How every submission is measured: OlympicsConfig overrides of QUICK (`config`), repeated runs (`repeats`),
    the wall-time limit of one measurement (`timeout`, s), the sandbox's rlimits, the artifact size limit."""
    config: dict = field(default_factory=dict)
    repeats: int = 3
    timeout: float = 600.0
    limits: Limits = Limits(memory_mb=4096, cpu_seconds=600, file_mb=64)
    max_bytes: int = 16 * 1024 * 1024


def measurement_mode(allow_unsandboxed: bool) -> str:
    "'sandboxed', 'unsandboxed' (no bubblewrap, instructor allowed it) or 'off' (no bubblewrap, not allowed)."
    if sandbox_available():
        return "sandboxed"
    return "unsandboxed" if allow_unsandboxed else "off"


def read_job_output(path: Path) -> dict:
    "The job's JSON (size-capped), checked to hold a complete result; raises ValueError saying what is missing."
    if not path.is_file():
        raise ValueError("the measurement wrote no result file")
    if path.stat().st_size > MAX_RESULT_BYTES:
        raise ValueError(f"the result file has {path.stat().st_size} bytes, over {MAX_RESULT_BYTES}")
    out = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(out, dict):
        raise ValueError(f"the result file holds a {type(out).__name__}, expected an object")
    if "error" in out:
        return out
    result = out.get("result")
    if not isinstance(result, dict):
        raise ValueError("the result file has no 'result' object")
    missing = [k for k in RESULT_KEYS if k not in result]
    if missing:
        raise ValueError(f"the result lacks {missing}")
    return out


def describe_exit(returncode: int) -> str:
    """'exit code N' or 'killed by SIGNAME': a negative code is a signal, and so is 128+N from bubblewrap (it reports
    its child's death by signal N that way)."""
    import signal
    number = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else None
    if number is None:
        return f"exit code {returncode}"
    try:
        return f"killed by {signal.Signals(number).name}"
    except ValueError:
        return f"exit code {returncode}"


def _last_lines(text: str, n: int = 6) -> str:
    """The last `n` meaningful lines of a process's output, for a public failure reason: a traceback's frame lines
    (server file paths and source lines) are dropped, its exception lines kept."""
    lines, in_frame = [], False
    for line in text.strip().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("Traceback (most recent call last)") or set(stripped) <= set("^~ "):
            continue
        if stripped.startswith('File "'):
            in_frame = True                       # the frame's source line(s) follow, indented
            continue
        if in_frame and line.startswith("    "):
            continue
        in_frame = False
        lines.append(stripped)
    return " | ".join(lines[-n:])


class Workers:
    """`n` measurement threads over `store`'s queue. `on_change()` is called after every status change (the
    board's version counter). Measuring is refused ('off') where bubblewrap cannot run unless allow_unsandboxed."""

    def __init__(self, store, settings: MeasureSettings, n: int = 1, allow_unsandboxed=False, on_change=None):
        cores = sorted(os.sched_getaffinity(0))
        if not 1 <= n <= len(cores):
            raise ValueError(f"workers must be between 1 and the {len(cores)} cores this process may use "
                             f"(one measurement per core), got {n}")
        self.store, self.settings, self.n = store, settings, n
        self.cores = cores[-n:]       # the last cores: the first one also serves HTTP
        self.mode = measurement_mode(allow_unsandboxed)
        self.on_change = on_change or (lambda: None)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads = []
        self._views = []
        self.work = store.dir / "work"

    def start(self):
        if self.mode == "off":
            return
        self.store.requeue_interrupted()
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir()
        # the job imports the course's packages inside the sandbox: read-only copies of their Python files
        self._views = [PackageView("tinytorch", root=self.work), PackageView("tinytorch_course", root=self.work)]
        for i, cpu in enumerate(self.cores):
            t = threading.Thread(target=self._loop, args=(cpu,), name=f"measure-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def wake(self):
        self._wake.set()

    def stop(self):
        self._stop.set()
        self._wake.set()
        for t in self._threads:
            t.join(timeout=5)
        for v in self._views:
            v.cleanup()

    def _loop(self, cpu):
        while not self._stop.is_set():
            job = self.store.claim_next()
            if job is None:
                self._wake.wait(timeout=1.0)
                self._wake.clear()
                continue
            self.on_change()
            try:
                self.measure(job["public_id"], cpu)
            except Exception:  # noqa: BLE001 - a bug here must fail one submission, not stop the worker
                self.store.finish(job["public_id"], reason="server error: " + _last_lines(traceback.format_exc()))
            self.on_change()

    def job_argv(self, home: str) -> list:
        "The command run in the sandbox; `home`: the scratch folder as the job sees it (artifact.zip is there)."
        s = self.settings
        return [sys.executable, "-I", "-m", "tinytorch_course.server.job", f"{home}/artifact.zip", f"{home}/out.json",
                "--config", json.dumps(s.config), "--repeats", str(s.repeats), "--max-bytes", str(s.max_bytes)]

    def measure(self, public_id: str, cpu: int):
        "Run job.py on one claimed submission in the sandbox and record what it produced."
        s = self.settings
        scratch = self.work / public_id
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        shutil.copyfile(self.store.stored_path(public_id), scratch / "artifact.zip")
        home = SANDBOX_HOME if self.mode == "sandboxed" else str(scratch)
        try:
            run = run_sandboxed(self.job_argv(home), scratch, views=self._views, limits=s.limits, timeout=s.timeout,
                                allow_unsandboxed=self.mode == "unsandboxed", cpu=cpu)
            if run.timed_out:
                reason = f"the measurement did not finish within {s.timeout:g} s (killed)"
                self.store.finish(public_id, reason=reason, sandboxed=run.sandboxed)
                return
            try:
                out = read_job_output(scratch / "out.json")
            except ValueError as err:
                reason = f"the measurement failed ({describe_exit(run.returncode)}): {err}"
                if run.output.strip():
                    reason += f"; its last output: {_last_lines(run.output)}"
                self.store.finish(public_id, reason=reason, sandboxed=run.sandboxed)
                return
            if "error" in out:
                self.store.finish(public_id, reason=str(out["error"])[:2000], sandboxed=run.sandboxed)
            else:
                self.store.finish(public_id, result=out["result"], analysis=out.get("analysis"),
                                  sandboxed=run.sandboxed)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
