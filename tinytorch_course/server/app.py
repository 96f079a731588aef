"""The Starlette application of `tinytorch serve`: pages, the HTTP API, the measurement workers' lifecycle.

    GET  /                          upload form + live leaderboard (polls /api/leaderboard, no reload)
    GET  /submissions/{id}          one submission: status, numbers, per-layer bytes/time, bottleneck, suggestions
    GET  /api/health                readiness: {"ok": true, "measurement": mode, "queue": {...}}
    GET  /api/leaderboard           the board (board.leaderboard)
    GET  /api/submissions/{id}      one submission as JSON (pseudonym only)
    POST /api/submissions           student token (Authorization: Bearer), multipart with one file field 'artifact';
                                    with the admin token, also a field 'student' (upload on that student's behalf)
    POST /api/trainer-times         admin token: {"student", "seconds", "target_accuracy", "accuracy"}
    POST /api/admin/creative        admin token: {"id", "note"} (note null unmarks)
    POST /api/admin/remove          admin token: {"id"}
    GET  /api/admin/students        admin token: roster ids, pseudonyms, submission counts

There is no endpoint that takes measured numbers from a student: results come only from the workers.
"""
import asyncio
import contextlib
import hashlib
import html
import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .board import leaderboard
from .store import QuotaError, Store
from .worker import MeasureSettings, Workers

STATIC = Path(__file__).parent / "static"
FORM_OVERHEAD = 64 * 1024        # multipart boundaries and headers on top of the file itself
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class ServerConfig:
    """data: the folder with the database and uploads; workers: measurements at once (one per core);
    rate: uploads per student per `rate_window` seconds (rejected attempts count too); quota: bytes of stored
    uploads per student (every accepted file is kept: without a quota one student could fill the disk)."""
    data: Path
    settings: MeasureSettings
    workers: int = 1
    rate: int = 10
    rate_window: float = 600.0
    allow_unsandboxed: bool = False
    quota: int = 256 * 2 ** 20


def error(status: int, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _bearer(request: Request):
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def validate_artifact(path: Path, max_bytes: int, cfg_overrides: dict) -> str:
    """Load the artifact (data only: no submitted code runs) and check that the server's task can run it (a TinyGPT
    needs the task's vocabulary and max_len for its prompts, new tokens and quality windows), so a bad one is
    rejected before anything is stored; returns its task. Raises ArtifactError saying what was expected."""
    from tinytorch.capstone.artifact import ArtifactError, load_artifact
    from tinytorch.capstone.tinymlperf import artifact_system, artifact_task
    from .job import olympics_config
    artifact = load_artifact(path, max_bytes=max_bytes)
    cfg = olympics_config(cfg_overrides)
    try:
        artifact_system(artifact, artifact_task(artifact.task, cfg), cfg.new_tokens)
    except ValueError as err:      # the model is valid but this server's measurement could not run it
        raise ArtifactError(f"cannot be measured on this server's {artifact.task} task: "
                            f"{str(err).removeprefix('artifact_system: ')}") from None
    return artifact.task


class Competition:
    "The application's state: store, workers, settings; `app` is the Starlette application."

    def __init__(self, cfg: ServerConfig):
        self.cfg = cfg
        self.store = Store(cfg.data)
        self.incoming = self.store.dir / "incoming"
        self.incoming.mkdir(exist_ok=True)
        for leftover in self.incoming.iterdir():     # a server killed mid-upload: never queued, never kept
            leftover.unlink()
        self.workers = Workers(self.store, cfg.settings, cfg.workers, cfg.allow_unsandboxed)
        self._validating = asyncio.Semaphore(2)
        routes = [
            Route("/", self.index), Route("/submissions/{sid}", self.submission_page),
            Route("/api/health", self.health), Route("/api/leaderboard", self.api_leaderboard),
            Route("/api/submissions", self.api_upload, methods=["POST"]),
            Route("/api/submissions/{sid}", self.api_submission),
            Route("/api/trainer-times", self.api_trainer_times, methods=["POST"]),
            Route("/api/admin/creative", self.api_creative, methods=["POST"]),
            Route("/api/admin/remove", self.api_remove, methods=["POST"]),
            Route("/api/admin/students", self.api_students),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]
        self.app = Starlette(routes=routes, lifespan=self._lifespan)

    @contextlib.asynccontextmanager
    async def _lifespan(self, app):
        self.workers.start()
        try:
            yield
        finally:
            await run_in_threadpool(self.workers.stop)
            self.store.close()

    # -- public ---------------------------------------------------------------------------------------------------
    async def health(self, request):
        return JSONResponse({"ok": True, "measurement": self.workers.mode, "workers": self.workers.n,
                             "queue": self.store.queue_counts()})

    async def api_leaderboard(self, request):
        return JSONResponse(await run_in_threadpool(leaderboard, self.store, self.workers.mode))

    @staticmethod
    def _public(sub: dict) -> dict:
        "A submission as the API shows it: its id, never the roster id."
        out = {k: v for k, v in sub.items() if k not in ("student_id", "public_id")}
        return {"id": sub["public_id"], **out}

    async def api_submission(self, request):
        sub = self.store.submission(request.path_params["sid"])
        if sub is None or sub["removed"]:
            return error(404, f"no submission {request.path_params['sid']!r}")
        return JSONResponse(self._public(sub))

    # -- upload ---------------------------------------------------------------------------------------------------
    async def api_upload(self, request: Request):
        token = _bearer(request)
        if token is None:
            return error(401, "expected an 'Authorization: Bearer <your token>' header (tokens come from your "
                              "instructor)")
        # The admin token uploads on behalf of a student named by the form field 'student' (the module-20
        # autograder posts each graded artifact); a student token uploads for its own student only.
        on_behalf = self.store.is_admin(token)
        student = None if on_behalf else self.store.student_for_token(token)
        if student is None and not on_behalf:
            return error(401, "unknown token: check the token your instructor gave you")
        wait = None if on_behalf else self.store.note_attempt(student["id"], self.cfg.rate, self.cfg.rate_window)
        if wait is not None:
            return error(429, f"too many uploads: at most {self.cfg.rate} per {self.cfg.rate_window:g} s; try again "
                              f"in {math.ceil(wait)} s", retry_after=math.ceil(wait))
        ctype = request.headers.get("content-type", "")
        if not ctype.startswith("multipart/form-data"):
            return error(415, f"expected multipart/form-data with one file field 'artifact' (an artifact zip from "
                              f"'tinytorch pack' or save_artifact), got content type {ctype or 'none'!r}; results "
                              f"are never accepted from clients: the server measures every artifact itself")
        limit = self.cfg.settings.max_bytes
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return error(411, "expected a Content-Length header")
        if int(length) > limit + FORM_OVERHEAD:
            return error(413, f"upload too large: {int(length)} bytes, the limit is {limit} bytes per artifact")
        try:
            form = await request.form(max_files=1, max_fields=4)
        except Exception as err:  # noqa: BLE001 - the multipart parser's errors: malformed body
            return error(400, f"malformed multipart body: {err}")
        try:        # the parser's spooled temporary files are deleted by close(), whatever happens here
            if on_behalf:
                name = form.get("student")
                student = self.store.student_by_name(name) if isinstance(name, str) else None
                if student is None:
                    return error(404 if isinstance(name, str) else 422,
                                 f"an upload with the admin token names its student in the form field 'student' "
                                 f"(a roster id or pseudonym); got {name!r}, which is not on the roster")
            upload = form.get("artifact")
            if upload is None or isinstance(upload, str):
                return error(422, f"expected one file field named 'artifact', got fields {sorted(form.keys())}")
            data = await upload.read(limit + 1)
            filename = os.path.basename(upload.filename or "artifact.zip")[:200]
        finally:
            await form.close()
        if len(data) > limit:
            return error(413, f"artifact too large: over the limit of {limit} bytes")
        if not data.startswith(ZIP_MAGIC):
            return error(422, f"not an artifact: expected a zip file (starting with PK\\x03\\x04) made by "
                              f"'tinytorch pack' or save_artifact, got {len(data)} bytes starting with {data[:8]!r}")
        return await self._accept(student, filename, data)

    async def _accept(self, student: dict, filename: str, data: bytes):
        "Validate the artifact in a temporary file; only a valid one is moved into uploads/ and queued."
        from tinytorch.capstone.artifact import ArtifactError
        public_id = self.store.new_public_id()
        tmp = self.incoming / f"{public_id}.zip"
        tmp.write_bytes(data)
        try:
            async with self._validating:
                task = await run_in_threadpool(validate_artifact, tmp, self.cfg.settings.max_bytes,
                                                self.cfg.settings.config)
        except ArtifactError as err:
            tmp.unlink()
            return error(422, f"artifact rejected: {err}")
        except Exception as err:  # noqa: BLE001 - whatever else loading raised: still the upload's fault
            tmp.unlink()
            return error(422, f"artifact rejected: {type(err).__name__}: {err}")
        stored = self.store.stored_path(public_id)
        tmp.replace(stored)
        try:
            self.store.enqueue(public_id, student["id"], filename, hashlib.sha256(data).hexdigest(), len(data), task,
                               quota=self.cfg.quota)
        except QuotaError as err:
            stored.unlink()
            return error(413, str(err))
        except BaseException:
            stored.unlink()
            raise
        self.workers.wake()
        return JSONResponse({"id": public_id, "status": "queued", "task": task, "pseudonym": student["pseudonym"],
                             "url": f"/submissions/{public_id}"}, status_code=202)

    # -- instructor -----------------------------------------------------------------------------------------------
    def _admin(self, request):
        token = _bearer(request)
        if token is None:
            return error(401, "expected an 'Authorization: Bearer <admin token>' header")
        if not self.store.is_admin(token):
            return error(403, "this needs the instructor's admin token")
        return None

    async def _json_body(self, request, fields: dict):
        "The request's JSON object with `fields` {name: (type, ...)}; (body, None) or (None, error response)."
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None, error(400, "expected a JSON object body")
        if not isinstance(body, dict):
            return None, error(400, f"expected a JSON object, got {type(body).__name__}")
        for name, types in fields.items():
            if name not in body or not isinstance(body[name], types) or isinstance(body[name], bool):
                return None, error(422, f"expected field {name!r} of type {'/'.join(t.__name__ for t in types)}, "
                                        f"got {body.get(name)!r}")
        return body, None

    async def _admin_json(self, request, fields: dict):
        "An instructor action's JSON body: the admin token first, then `_json_body`; (body, None) or (None, error)."
        denied = self._admin(request)
        return (None, denied) if denied else await self._json_body(request, fields)

    async def api_trainer_times(self, request):
        """The module-20 autograder's measured training time of one student (admin token: the autograder runs the
        student's training in the sandbox and times it; a student cannot post here)."""
        body, bad = await self._admin_json(request, {"student": (str,), "seconds": (int, float),
                                                     "target_accuracy": (int, float), "accuracy": (int, float)})
        if bad:
            return bad
        if not (math.isfinite(body["seconds"]) and body["seconds"] > 0):
            return error(422, f"expected seconds > 0, got {body['seconds']!r}")
        for key in ("target_accuracy", "accuracy"):
            if not 0 <= body[key] <= 1:
                return error(422, f"expected {key} in [0, 1], got {body[key]!r}")
        student = self.store.student_by_name(body["student"])
        if student is None:
            return error(404, f"no student {body['student']!r} (roster id or pseudonym)")
        self.store.set_trainer_time(student["id"], float(body["seconds"]), float(body["target_accuracy"]),
                                    float(body["accuracy"]))
        return JSONResponse({"ok": True, "pseudonym": student["pseudonym"]})

    async def api_creative(self, request):
        body, bad = await self._admin_json(request, {"id": (str,)})
        if bad:
            return bad
        note = body.get("note")
        if note is not None and (not isinstance(note, str) or not 0 < len(note) <= 500):
            return error(422, f"expected note: 1-500 characters of text, or null to unmark; got {note!r}")
        if not self.store.set_creative(body["id"], note):
            return error(404, f"no submission {body['id']!r}")
        return JSONResponse({"ok": True})

    async def api_remove(self, request):
        body, bad = await self._admin_json(request, {"id": (str,)})
        if bad:
            return bad
        if not self.store.remove(body["id"]):
            return error(404, f"no submission {body['id']!r}")
        return JSONResponse({"ok": True})

    async def api_students(self, request):
        denied = self._admin(request)
        return denied or JSONResponse(self.store.students())

    # -- pages ----------------------------------------------------------------------------------------------------
    def _banner(self) -> str:
        mode = self.workers.mode
        if mode == "off":
            return ('<p class="banner bad">Measurement is OFF: bubblewrap cannot run on this server and it was not '
                    'started with --allow-unsandboxed. Uploads are queued but not measured.</p>')
        if mode == "unsandboxed":
            return ('<p class="banner bad">Measurements run UNSANDBOXED (no bubblewrap on this server; the '
                    'instructor started it with --allow-unsandboxed).</p>')
        return ""

    async def index(self, request):
        return HTMLResponse(render_index(self._banner(), self.cfg.settings.max_bytes))

    async def submission_page(self, request):
        sub = self.store.submission(request.path_params["sid"])
        if sub is None or sub["removed"]:
            return HTMLResponse(_page("Not found", f"<p>No submission {html.escape(request.path_params['sid'])}.</p>"),
                                status_code=404)
        return HTMLResponse(render_submission(sub, self._banner()))


def _page(title: str, body: str, head: str = "") -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="stylesheet" href="/static/style.css">{head}</head><body>'
            f'<header><a href="/">TinyTorch class competition</a></header><main>{body}</main></body></html>')


def render_index(banner: str, max_bytes: int) -> str:
    body = f"""{banner}
<section id="upload"><h2>Submit an artifact</h2>
<form id="upload-form">
  <label>Your token <input id="token" name="token" type="password" autocomplete="off" required></label>
  <label>Artifact (made by <code>tinytorch pack</code> or <code>save_artifact</code>,
    at most {max_bytes / 2**20:g} MiB = {max_bytes:,} bytes)
    <input id="artifact" name="artifact" type="file" accept=".tta,.zip" required></label>
  <button id="submit" type="submit">Upload</button>
</form>
<p id="upload-status" role="status"></p></section>
<section id="board"><h2>Leaderboard <small id="board-updated"></small></h2>
<p id="queue"></p>
<h3>Fastest digits classifier at the accuracy gate (p90 ms; overlapping confidence intervals share a rank)</h3>
<table id="fastest_digits"></table>
<h3>Most memory-efficient TinyGPT at the gate (peak bytes while generating)</h3>
<table id="memory_tinygpt"></table>
<h3>Best accuracy/size trade-off (Pareto front: no other entry is both smaller and better)</h3>
<h4>digits</h4><table id="tradeoff_digits"></table><h4>TinyGPT</h4><table id="tradeoff_tinygpt"></table>
<h3>Most creative optimization (picked by the instructor)</h3><table id="creative"></table>
<h3>Fastest trainer (time to the target digits accuracy, measured when module 20 is autograded)</h3>
<table id="trainer"></table>
<h3>Latest submissions</h3><table id="recent"></table>
</section>
<script src="/static/board.js"></script>"""
    return _page("TinyTorch class competition", body)


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return html.escape(str(value))


def _table(rows: list, columns: list) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(r.get(c, ''))}</td>" for c in columns) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


LAYER_COLUMNS = ["name", "kind", "category", "bytes", "bytes_pct", "self_ms", "time_pct", "calls", "flops", "intensity",
                 "verdict"]


def _layer_text(row) -> str:
    if not isinstance(row, dict):
        return _fmt(row)
    pct = f", {row['time_pct']:.0f} % of the time" if isinstance(row.get("time_pct"), (int, float)) else ""
    return html.escape(f"{row.get('name')} ({row.get('kind')}{pct}; {row.get('verdict', '')})")


def render_analysis(analysis: dict) -> str:
    "Per-layer bytes and time, the bottleneck and the suggestions of analyze_model (module 19's profiler)."
    if not analysis:
        return ""
    parts = ["<h2>Analysis</h2>"]
    if analysis.get("error"):
        parts.append(f'<p class="bad">The per-layer analysis failed: {html.escape(str(analysis["error"]))}</p>')
    if analysis.get("bottleneck"):
        parts.append(f"<p>Bottleneck: <b>{_layer_text(analysis['bottleneck'])}</b></p>")
    if analysis.get("suggestions"):
        parts.append("<h3>Suggestions</h3><ul>" +
                     "".join(f"<li>{html.escape(str(s))}</li>" for s in analysis["suggestions"]) + "</ul>")
    layers = analysis.get("layers")
    if isinstance(layers, list) and layers and isinstance(layers[0], dict):
        columns = [c for c in LAYER_COLUMNS if c in layers[0]] or list(layers[0].keys())
        parts.append("<h3>Per layer</h3>" + _table(layers, columns))
    rest = [{"field": k, "value": v} for k, v in analysis.items()
            if k not in ("bottleneck", "layers", "suggestions", "error") and not isinstance(v, dict)]
    if rest:
        parts.append(_table(rest, ["field", "value"]))
    return "".join(parts)


def render_submission(sub: dict, banner: str) -> str:
    e = html.escape
    status = sub["status"]
    parts = [banner, f"<h1>Submission {e(sub['public_id'])}</h1>",
             f"<p>by <b>{e(sub['pseudonym'])}</b> · task <b>{e(sub['task'])}</b> · file {e(sub['filename'])} "
             f"({sub['size']} bytes, sha256 {e(sub['sha256'][:16])}…) · uploaded "
             f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(sub['created']))} UTC</p>",
             f'<p>Status: <b id="status" class="status-{e(status)}">{e(status)}</b></p>']
    if sub["reason"]:
        parts.append(f'<p id="reason" class="bad">Reason: {e(sub["reason"])}</p>')
    if sub["creative"]:
        parts.append(f"<p>Marked most creative: {e(sub['creative'])}</p>")
    result = sub["result"]
    if result:
        scalars = [{"metric": k, "value": v} for k, v in result.items() if not isinstance(v, (dict, list))
                   or k.endswith("_interval")]
        parts.append("<h2>Measured on the server</h2>" + _table(scalars, ["metric", "value"]))
        repeats = result.get("per_repeat")
        if isinstance(repeats, list) and repeats and isinstance(repeats[0], dict):
            parts.append("<h3>Each repeat</h3>" + _table(repeats, list(repeats[0].keys())))
        if sub["sandboxed"] == 0:
            parts.append('<p class="bad">Measured unsandboxed.</p>')
    parts.append(render_analysis(sub["analysis"] or {}))
    head = '<meta http-equiv="refresh" content="3">' if status in ("queued", "measuring") else ""
    return _page(f"Submission {sub['public_id']}", "".join(parts), head)
