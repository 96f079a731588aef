"""`tinytorch serve` and `tinytorch submit-artifact` (argument parsing and printing; the work is in the modules
beside this one).

    tinytorch serve --data DIR [--host H] [--port P] [--workers N] [--measure quick|full|JSON] [--repeats R] ...
    tinytorch serve --data DIR add-students ROSTER.csv [--out TOKENS.csv]    instructor: issue student tokens
    tinytorch serve --data DIR admin-token                                    instructor: issue an admin token
    tinytorch serve --data DIR students                                       instructor: roster and pseudonyms
    tinytorch submit-artifact FILE --server URL --token T [--wait S]          student: upload an artifact
"""
import csv
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from tinytorch_course.course import CourseError


def add_parsers(command) -> None:
    "Register serve and submit-artifact with cli.py's `command(name, help, description)` factory."
    sp = command("serve", "run the class competition website (or, with a subcommand, manage its students)",
                 "Serve the competition site: students upload artifacts (page or API, with the token you issued); "
                 "measurement workers run TinyMLPerf on each in the sandbox on this machine (one per core, pinned); "
                 "a live leaderboard shows the categories. DIR holds competition.sqlite and uploads/. Without "
                 "bubblewrap, measuring is off unless --allow-unsandboxed.")
    sp.add_argument("--data", metavar="DIR", required=True, help="folder for the database and uploads")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for a "
                                                        "class network)")
    sp.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sp.add_argument("--workers", type=int, default=1, help="measurements at once, each pinned to its own core "
                                                           "(default 1, so timings compare)")
    sp.add_argument("--measure", default="full", metavar="quick|full|JSON",
                    help="measurement size: 'full' (OlympicsConfig defaults), 'quick' (QUICK) or a JSON object of "
                         "OlympicsConfig fields overriding QUICK (default: full)")
    sp.add_argument("--repeats", type=int, default=3, help="repeated runs per measurement (p90 interval; default 3)")
    sp.add_argument("--measure-timeout", type=float, default=600.0, metavar="S",
                    help="wall-time limit of one measurement; over it the submission fails (default 600)")
    sp.add_argument("--max-upload-mb", type=float, default=16.0, help="artifact size limit (default 16 MiB)")
    sp.add_argument("--quota-mb", type=float, default=256.0,
                    help="stored uploads per student (every accepted file is kept; default 256 MiB)")
    sp.add_argument("--rate", default="10/600", metavar="N/SECONDS",
                    help="uploads per student per window, rejected attempts included (default 10/600)")
    sp.add_argument("--allow-unsandboxed", action="store_true",
                    help="measure even where bubblewrap cannot run (the pages then say so)")
    admin = sp.add_subparsers(dest="admin", metavar="ADMIN_COMMAND")
    a = admin.add_parser("add-students", help="issue tokens and pseudonyms to the ids of a roster CSV",
                         description="Read ROSTER (CSV with a 'student_id' column, else the first column) and issue "
                                     "each new id a token and a public pseudonym. Tokens are shown once (only their "
                                     "hash is stored): they are printed, and written to --out if given.")
    a.add_argument("roster", metavar="ROSTER.csv")
    a.add_argument("--out", metavar="TOKENS.csv", help="also write student_id,pseudonym,token here (mode 600)")
    admin.add_parser("admin-token", help="issue a new admin token (instructor actions)")
    admin.add_parser("students", help="list roster ids, pseudonyms and submission counts")

    sp = command("submit-artifact", "upload an artifact to the class competition server",
                 "Upload FILE (made by 'tinytorch pack' or save_artifact) with your token; the server measures it "
                 "itself and puts it on the board. With --wait, poll until it is measured and print the numbers.")
    sp.add_argument("file", metavar="FILE")
    sp.add_argument("--server", required=True, metavar="URL", help="e.g. http://127.0.0.1:8000")
    sp.add_argument("--token", default=os.environ.get("TINYTORCH_TOKEN"),
                    help="your token (default: $TINYTORCH_TOKEN)")
    sp.add_argument("--wait", type=float, default=0, metavar="S", help="wait up to S seconds for the measurement")


def read_roster(path: Path) -> list:
    "Student ids from a roster CSV: the 'student_id' column if there is one, else the first column."
    if not path.is_file():
        raise CourseError(f"no roster file: expected a CSV at {path}")
    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r and any(c.strip() for c in r)]
    if not rows:
        raise CourseError(f"{path} is empty: expected a CSV with a 'student_id' column")
    header = [c.strip().lower() for c in rows[0]]
    if "student_id" in header:
        col = header.index("student_id")
        return [r[col].strip() for r in rows[1:] if len(r) > col and r[col].strip()]
    return [r[0].strip() for r in rows if r[0].strip()]


def _measure_config(text: str) -> dict:
    from tinytorch.capstone.tinymlperf import OlympicsConfig
    if text == "quick":
        return {}
    if text == "full":
        return dict(OlympicsConfig().__dict__)
    try:
        overrides = json.loads(text)
    except json.JSONDecodeError:
        overrides = None
    fields = set(OlympicsConfig.__dataclass_fields__)
    if not isinstance(overrides, dict) or not set(overrides) <= fields:
        raise CourseError(f"--measure must be 'quick', 'full' or a JSON object with keys from {sorted(fields)}, "
                          f"got {text!r}")
    return overrides


def _rate(text: str) -> tuple:
    n, _, window = text.partition("/")
    try:
        n, window = int(n), float(window)
    except ValueError:
        n = 0
    if n < 1 or not window > 0:
        raise CourseError(f"--rate must look like N/SECONDS with N >= 1 and SECONDS > 0, got {text!r}")
    return n, window


def cmd_serve(args) -> int:
    from .store import Store
    data = Path(args.data).resolve()          # the sandbox binds paths under it: bwrap needs them absolute
    if args.admin == "add-students":
        ids = read_roster(Path(args.roster))
        store = Store(data)
        issued = store.add_students(ids)
        if args.out:
            out = Path(args.out)
            with os.fdopen(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", newline="") as f:
                w = csv.writer(f, lineterminator="\n")   # plain lines: easy to read with cut or a spreadsheet
                w.writerow(["student_id", "pseudonym", "token"])
                w.writerows(issued)
        print("student_id,pseudonym,token")
        for row in issued:
            print(",".join(row))
        skipped = len(set(ids)) - len(issued)
        print(f"issued {len(issued)} tokens ({skipped} ids already had one)", file=sys.stderr)
        return 0
    if args.admin == "admin-token":
        print(Store(data).new_admin_token())
        return 0
    if args.admin == "students":
        for s in Store(data).students():
            print(f"{s['student_id']},{s['pseudonym']},{s['submissions']}")
        return 0
    return _run_server(args, data)


def _run_server(args, data: Path) -> int:
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    import uvicorn

    from .app import Competition, ServerConfig
    from .worker import MeasureSettings
    if args.repeats < 1 or args.measure_timeout <= 0 or args.max_upload_mb <= 0 or args.quota_mb <= 0:
        raise CourseError("--repeats must be >= 1, --measure-timeout, --max-upload-mb and --quota-mb > 0")
    rate, window = _rate(args.rate)
    settings = MeasureSettings(config=_measure_config(args.measure), repeats=args.repeats,
                               timeout=args.measure_timeout, max_bytes=int(args.max_upload_mb * 1024 * 1024))
    try:
        comp = Competition(ServerConfig(data=data, settings=settings, workers=args.workers, rate=rate,
                                        rate_window=window, allow_unsandboxed=args.allow_unsandboxed,
                                        quota=int(args.quota_mb * 1024 * 1024)))
    except ValueError as err:
        raise CourseError(str(err)) from None
    mode = comp.workers.mode
    print(f"tinytorch serve: http://{args.host}:{args.port}/ (data {data.resolve()}, {args.workers} worker(s), "
          f"measurement {mode})", file=sys.stderr, flush=True)
    if mode == "off":
        print("tinytorch serve: bubblewrap cannot run here: uploads are queued but NOT measured (restart with "
              "--allow-unsandboxed to measure unconfined)", file=sys.stderr, flush=True)
    uvicorn.run(comp.app, host=args.host, port=args.port, log_level="warning")
    return 0


def multipart(field: str, filename: str, data: bytes) -> tuple:
    "A multipart/form-data body with one file field; returns (body, content type)."
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: application/zip\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _request(url: str, data=None, headers=None) -> tuple:
    "(status, JSON body) of a request; HTTP errors are returned, not raised."
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def cmd_submit_artifact(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CourseError(f"no artifact: expected a file at {path} (make one with 'tinytorch pack')")
    token = (args.token or "").strip()            # a token pasted from a CSV or an e-mail may carry a newline
    if not token:
        raise CourseError("no token: pass --token or set TINYTORCH_TOKEN (your instructor issues it)")
    if not token.isprintable() or any(ch.isspace() for ch in token):
        raise CourseError(f"the token must be one word without spaces or control characters, got {token!r}")
    server = args.server.rstrip("/")
    body, ctype = multipart("artifact", path.name, path.read_bytes())
    try:
        status, reply = _request(f"{server}/api/submissions", body,
                                 {"Authorization": f"Bearer {token}", "Content-Type": ctype})
    except urllib.error.URLError as err:
        raise CourseError(f"cannot reach {server}: {err.reason}") from None
    if status != 202:
        print(f"tinytorch: rejected ({status}): {reply.get('error', reply)}", file=sys.stderr)
        return 1
    print(f"queued as {reply['pseudonym']}: {server}{reply['url']}")
    deadline = time.monotonic() + args.wait
    while args.wait and time.monotonic() < deadline:
        _, sub = _request(f"{server}/api/submissions/{reply['id']}")
        if sub.get("status") in ("measured", "failed"):
            print(json.dumps({"status": sub["status"], "reason": sub["reason"], "result": sub["result"]}, indent=1))
            return 0 if sub["status"] == "measured" else 1
        time.sleep(1.0)
    return 0


COMMANDS = {"serve": cmd_serve, "submit-artifact": cmd_submit_artifact}
