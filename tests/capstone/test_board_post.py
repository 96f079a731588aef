"""`tinytorch autograde --post-to`: the checker keeps board entries only from passing test cells, and the client posts
them to the class site's admin API (a small fake site on 127.0.0.1 records what arrives)."""
import base64
import json
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

import tinytorch.testing
from tinytorch_course.autograde import SubmissionResult, _post_to_board
from tinytorch_course.board_post import BoardClient, post_board_entries
from tinytorch_course.checker import Checker, SharedDefinitions

ADMIN = "admin-secret"


class FakeSite(BaseHTTPRequestHandler):
    "Answers like `tinytorch serve`'s admin API and records every request (path, headers, parsed body)."

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        record = {"path": self.path, "auth": self.headers.get("Authorization"), "type": self.headers["Content-Type"]}
        if record["type"].startswith("multipart/form-data"):
            msg = BytesParser(policy=HTTP).parsebytes(
                f"Content-Type: {record['type']}\r\n\r\n".encode() + body)
            record["form"] = {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
                              for part in msg.iter_parts()}
        else:
            record["json"] = json.loads(body)
        self.server.seen.append(record)
        if record["auth"] != f"Bearer {ADMIN}":
            self._answer(403, {"error": "this needs the instructor's admin token"})
        elif self.path == "/api/submissions":
            self._answer(202, {"id": f"s{len(self.server.seen)}", "status": "queued"})
        elif self.path == "/api/trainer-times":
            self._answer(200, {"ok": True})
        else:
            self._answer(404, {"error": "no such endpoint"})

    def _answer(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSite)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


ARTIFACT = b"PK\x03\x04 not really a zip, the fake site does not look"
ENTRY = {"task": "digits", "artifact_b64": base64.b64encode(ARTIFACT).decode(), "seconds": 0.42,
         "accuracy": 0.97, "target_accuracy": 0.96, "grade_id": "test_optimize_digits"}


def test_posts_the_artifact_for_the_student_and_the_trainer_time(site):
    server, url = site
    notes = post_board_entries(BoardClient(url, ADMIN), "alice", [ENTRY])
    upload, trainer = server.seen
    assert upload["path"] == "/api/submissions" and upload["auth"] == f"Bearer {ADMIN}"
    assert upload["form"] == {"student": b"alice", "artifact": ARTIFACT}
    assert trainer["path"] == "/api/trainer-times"
    assert trainer["json"] == {"student": "alice", "seconds": 0.42, "target_accuracy": 0.96, "accuracy": 0.97}
    assert notes == ["board: digits artifact posted (s1, queued)", "board: trainer time 0.42 s posted"]


def test_refusals_and_unreachable_site_become_report_notes(site):
    server, url = site
    notes = post_board_entries(BoardClient(url, "wrong"), "bob", [ENTRY])
    assert len(notes) == 2 and all("NOT posted" in n and "403" in n for n in notes), notes
    free = ThreadingHTTPServer(("127.0.0.1", 0), FakeSite)
    dead_url = f"http://127.0.0.1:{free.server_address[1]}"
    free.server_close()                        # nothing listens there now
    notes = post_board_entries(BoardClient(dead_url, ADMIN, timeout=5), "bob", [ENTRY])
    assert all("cannot reach" in n for n in notes), notes


def test_client_rejects_bad_settings():
    with pytest.raises(ValueError, match="http"):
        BoardClient("ftp://x", ADMIN)
    with pytest.raises(ValueError, match="admin token"):
        BoardClient("http://127.0.0.1:1", " ")


def test_only_graded_submissions_are_posted(site):
    server, url = site
    job = SimpleNamespace(student="carol", result={"board": [ENTRY]})
    row = SubmissionResult("carol", "20_capstone", "graded", 13.0, 15.0, "all autograded tests passed")
    posted = _post_to_board(BoardClient(url, ADMIN), job, row)
    assert posted.message.startswith("all autograded tests passed; board: digits artifact posted")
    assert len(server.seen) == 2
    crashed = SubmissionResult("carol", "20_capstone", "crashed", 0.0, 15.0, "kernel died")
    assert _post_to_board(BoardClient(url, ADMIN), job, crashed) == crashed
    assert _post_to_board(None, job, row) == row and len(server.seen) == 2


class _Endpoint:
    "Just enough of a kernel endpoint for test cells that never call into the kernel."
    dead, deadline = None, None

    def request(self, op, arg=None):
        return {} if op == "lookup" else None


def test_checker_keeps_board_entries_of_passing_cells_only():
    checker = Checker(SimpleNamespace(endpoint=_Endpoint()), SharedDefinitions(), ("", []), cell_timeout=30)
    try:
        record = ("from tinytorch.testing import board_record\n"
                  "board_record('digits', b'PK{n}', 1.5, accuracy=0.97)\n")
        checker.run_test_cell(SimpleNamespace(grade_id="passes", points=1, source=record.format(n=1)))
        checker.run_test_cell(SimpleNamespace(grade_id="fails", points=1,
                                              source=record.format(n=2) + "assert False, 'late failure'\n"))
    finally:
        tinytorch.testing._KERNEL_HOOK = None
    assert [r["passed"] for r in checker.results] == [True, False]
    assert checker.board == [{"task": "digits", "artifact": b"PK1", "seconds": 1.5, "accuracy": 0.97,
                              "grade_id": "passes"}]
    assert tinytorch.testing.BOARD_ENTRIES == []
