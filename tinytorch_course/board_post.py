"""Posting autograded module-20 systems to the class competition site (`tinytorch autograde --post-to URL`).

The trusted checker collects, from every graded test cell that passed, the entries the test noted with
`tinytorch.testing.board_record` (result["board"]: task, artifact_b64 = the artifact file the test loaded and
measured, seconds = the build time the checker's clock measured, accuracy, target_accuracy). For each such entry
this module sends, with the instructor's admin token:

    POST URL/api/submissions     multipart: file field 'artifact' + text field 'student' (the roster id): the
                                 artifact is queued and measured by the server for that student ("on behalf of");
    POST URL/api/trainer-times   JSON {"student", "seconds", "target_accuracy", "accuracy"}: the "fastest trainer"
                                 number (only for the digits task, whose test times optimize_digits).

Standard library only (urllib); every failure becomes a message on the student's report row, never an exception
that stops the batch.
"""
import base64
import json
import secrets
import urllib.error
import urllib.request

__all__ = ["BoardError", "BoardClient", "post_board_entries"]


class BoardError(RuntimeError):
    "The class site refused or could not be reached; the message says which request and why."


class BoardClient:
    "The instructor's side of the class site's admin API at `url` (e.g. http://127.0.0.1:8000), with `token`."

    def __init__(self, url: str, token: str, timeout: float = 30.0):
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError(f"--post-to expects an http:// or https:// URL of the class site, got {url!r}")
        if not isinstance(token, str) or not token.strip():
            raise ValueError("--post-to needs the site's admin token (--board-token or $TINYTORCH_BOARD_TOKEN)")
        self.url, self.token, self.timeout = url.rstrip("/"), token.strip(), float(timeout)

    def _send(self, path: str, body: bytes, content_type: str) -> dict:
        request = urllib.request.Request(self.url + path, data=body, method="POST", headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": content_type,
            "Content-Length": str(len(body))})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")[:300]
            raise BoardError(f"POST {path}: the site answered {err.code} {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            raise BoardError(f"POST {path}: cannot reach {self.url} ({getattr(err, 'reason', err)})") from None
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise BoardError(f"POST {path}: expected a JSON answer, got {text[:120]!r}") from None

    def submit_for(self, student: str, artifact: bytes, filename: str = "digits.tta") -> dict:
        "Upload `artifact` (the file's bytes) for roster id `student`; the site's JSON answer (id, status, ...)."
        boundary = "tinytorch-" + secrets.token_hex(12)
        parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"student\"\r\n\r\n{student}\r\n".encode(),
                 f"--{boundary}\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"{filename}\"\r\n"
                 f"Content-Type: application/zip\r\n\r\n".encode(), artifact, f"\r\n--{boundary}--\r\n".encode()]
        return self._send("/api/submissions", b"".join(parts), f"multipart/form-data; boundary={boundary}")

    def trainer_time(self, student: str, seconds: float, target_accuracy: float, accuracy: float) -> dict:
        "Record the checker-measured build time of `student`'s digits system."
        body = json.dumps({"student": student, "seconds": float(seconds), "target_accuracy": float(target_accuracy),
                           "accuracy": float(accuracy)}).encode()
        return self._send("/api/trainer-times", body, "application/json")


def post_board_entries(client: BoardClient, student: str, entries: list) -> list:
    """Post a graded submission's board entries (result["board"]) for roster id `student`. Returns one sentence per
    request for the report row: what was posted (the site's submission id) or why it failed."""
    notes = []
    for entry in entries or []:
        task = entry.get("task", "?")
        try:
            artifact = base64.b64decode(entry["artifact_b64"], validate=True)
            answer = client.submit_for(student, artifact, f"{task}.tta")
            notes.append(f"board: {task} artifact posted ({answer.get('id', '?')}, {answer.get('status', '?')})")
        except (KeyError, ValueError, BoardError) as err:
            notes.append(f"board: {task} artifact NOT posted: {err}")
        if task == "digits" and entry.get("seconds"):
            try:
                client.trainer_time(student, entry["seconds"], entry.get("target_accuracy", 0.0),
                                    entry.get("accuracy", 0.0))
                notes.append(f"board: trainer time {entry['seconds']:.2f} s posted")
            except BoardError as err:
                notes.append(f"board: trainer time NOT posted: {err}")
    return notes
