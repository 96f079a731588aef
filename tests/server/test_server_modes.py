"""Where bubblewrap cannot run, the server does not measure unless --allow-unsandboxed, and its pages say so
(in-process with Starlette's TestClient; bubblewrap's absence is simulated)."""
import time

from starlette.testclient import TestClient

from tinytorch_course.server import worker
from tinytorch_course.server.app import Competition, ServerConfig
from tinytorch_course.server.worker import MeasureSettings

from .conftest import TINY

HOSTILE = "<img src=x onerror=alert(1)>.zip"      # a file name is the student's text: shown escaped, never as HTML


def _site(tmp_path, allow):
    comp = Competition(ServerConfig(data=tmp_path / "data", settings=MeasureSettings(config=TINY, repeats=1),
                                    allow_unsandboxed=allow))
    (_, _, token), = comp.store.add_students(["a"])
    return comp, token


def test_without_bubblewrap_uploads_queue_but_nothing_is_measured(tmp_path, monkeypatch, artifacts):
    monkeypatch.setattr(worker, "sandbox_available", lambda: False)
    comp, token = _site(tmp_path, allow=False)
    with TestClient(comp.app) as c:
        assert c.get("/api/health").json()["measurement"] == "off"
        assert "Measurement is OFF" in c.get("/").text
        resp = c.post("/api/submissions", headers={"Authorization": f"Bearer {token}"},
                      files={"artifact": (HOSTILE, artifacts["digits"].read_bytes(), "application/zip")})
        assert resp.status_code == 202
        time.sleep(1.5)                                  # a worker, if one ran, would have claimed it by now
        sub = c.get(f"/api/submissions/{resp.json()['id']}").json()
        assert sub["status"] == "queued" and sub["measurements"] == 0
        page = c.get(f"/submissions/{sub['id']}").text
        assert "Measurement is OFF" in page and "&lt;img src=x onerror=alert(1)&gt;.zip" in page and "<img" not in page


def test_allow_unsandboxed_measures_and_says_so(tmp_path, monkeypatch, artifacts):
    monkeypatch.setattr(worker, "sandbox_available", lambda: False)
    comp, token = _site(tmp_path, allow=True)
    monkeypatch.setattr("tinytorch_course.server.worker.run_sandboxed",
                        _without_bwrap(worker.run_sandboxed))
    with TestClient(comp.app) as c:
        assert "UNSANDBOXED" in c.get("/").text
        sid = c.post("/api/submissions", headers={"Authorization": f"Bearer {token}"},
                     files={"artifact": ("m.zip", artifacts["digits"].read_bytes(), "application/zip")}).json()["id"]
        deadline = time.monotonic() + 60
        while (sub := c.get(f"/api/submissions/{sid}").json())["status"] in ("queued", "measuring"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert sub["status"] == "measured" and sub["sandboxed"] == 0, sub["reason"]
        assert "Measured unsandboxed" in c.get(f"/submissions/{sid}").text


def _without_bwrap(run):
    "run_sandboxed as it behaves on a machine without bubblewrap (the real one finds bwrap here)."
    def call(*args, **kw):
        import tinytorch_course.sandbox as sandbox
        saved = sandbox.bwrap_path
        sandbox.bwrap_path = lambda: None
        try:
            return run(*args, **kw)
        finally:
            sandbox.bwrap_path = saved
    return call
