"""`tinytorch serve` against a real server on 127.0.0.1: upload -> queued -> measured -> ranked; bad uploads refused
with nothing stored; no way for a client to post results; instructor actions; the rate limit; the CLI upload."""
import io
import pickle
import subprocess
import zipfile

import numpy as np
import pytest

from .conftest import MAX_UPLOAD_MB, RATE, SANDBOXED, TINYTORCH, upload, wait_done


def board(client) -> dict:
    resp = client.get("/api/leaderboard")
    assert resp.status_code == 200
    return resp.json()


def test_upload_is_queued_measured_and_ranked(server, artifacts):
    with server.client() as c:
        before = board(c)
        resp = upload(c, server.tokens["s00"], artifacts["digits"])
        assert resp.status_code == 202, resp.text
        sub = resp.json()
        assert sub["status"] == "queued" and sub["task"] == "digits" and sub["pseudonym"] == server.pseudonyms["s00"]
        gpt = upload(c, server.tokens["s00"], artifacts["tinygpt"]).json()
        assert c.get(f"/api/submissions/{sub['id']}").json()["status"] in ("queued", "measuring", "measured")
        done = wait_done(c, [sub["id"], gpt["id"]])
        for s in done.values():
            assert s["status"] == "measured", s["reason"]
            assert "error" not in s["analysis"], s["analysis"]["error"]
            assert s["analysis"]["suggestions"] and s["analysis"]["layers"]
            assert s["measurements"] == 1 and s["sandboxed"] == int(SANDBOXED)
            assert "student_id" not in s                      # the roster id never leaves the server
        result = done[sub["id"]]["result"]
        assert result["task"] == "digits" and result["repeats"] == 2 and result["gate_passed"] is True
        lo, hi = result["p90_ms_interval"]
        assert 0 < lo <= hi and result["model_bytes"] > 0 and result["peak_bytes"] > 0
        after = board(c)
        fastest = {e["pseudonym"]: e for e in after["categories"]["fastest_digits"]}
        assert fastest[server.pseudonyms["s00"]]["id"] == sub["id"] and fastest[server.pseudonyms["s00"]]["rank"] >= 1
        memory = {e["pseudonym"]: e for e in after["categories"]["memory_tinygpt"]}
        assert memory[server.pseudonyms["s00"]]["id"] == gpt["id"]
        assert after["queue"]["measured"] >= before["queue"]["measured"] + 2
        front = after["categories"]["tradeoff"]["digits"]
        assert any(e["id"] == sub["id"] for e in front) or any(
            e["model_bytes"] <= result["model_bytes"] and e["quality"] >= result["quality"] for e in front)
        page = c.get(f"/submissions/{sub['id']}").text
        assert "measured" in page and "Bottleneck" in page and "Suggestions" in page
        assert "s00" not in page.replace(sub["id"], "")      # no roster id on the public page


def test_int8_digits_entry_is_smaller_and_on_the_front(server, artifacts):
    with server.client() as c:
        ids = [upload(c, server.tokens["s01"], artifacts[k]).json()["id"] for k in ("digits", "digits_int8")]
        fp32, int8 = (wait_done(c, ids)[i] for i in ids)
        assert fp32["status"] == int8["status"] == "measured", (fp32["reason"], int8["reason"])
        assert int8["result"]["model_bytes"] < fp32["result"]["model_bytes"] / 2
        front = board(c)["categories"]["tradeoff"]["digits"]
        # nothing on the board is smaller than this student's int8 model: at the gate it must be on the front
        assert (int8["id"] in {e["id"] for e in front}) == int8["result"]["gate_passed"]


def _pickled_member(artifact) -> bytes:
    "The artifact with its first array member replaced by a pickled object array (unpickling would run code)."
    arr = io.BytesIO()
    np.save(arr, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    out = io.BytesIO()
    with zipfile.ZipFile(artifact) as src, zipfile.ZipFile(out, "w") as dst:
        first = next(n for n in src.namelist() if n.endswith(".npy"))
        for name in src.namelist():
            dst.writestr(name, arr.getvalue() if name == first else src.read(name))
    return out.getvalue()


BAD_UPLOADS = {
    "not a zip": (b"this is not a zip file at all", 422, "zip"),
    "pickle, not a zip": (pickle.dumps(np.zeros(3)), 422, "zip"),
    "truncated zip": (None, 422, "artifact rejected"),
    "pickled array in a zip": ("pickled", 422, "artifact rejected"),
    "oversized": (b"PK\x03\x04" + bytes(MAX_UPLOAD_MB * 1024 * 1024), 413, "too large"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_bad_upload_refused_and_nothing_stored(server, artifacts, case):
    content, status, says = BAD_UPLOADS[case]
    if content is None:
        content = artifacts["digits"].read_bytes()[:5000]
    elif content == "pickled":
        content = _pickled_member(artifacts["digits"])
    with server.client() as c:
        before = server.stored()
        resp = upload(c, server.tokens["s02"], content=content)
        assert resp.status_code == status, resp.text
        assert says in resp.json()["error"]
        assert server.stored() == before


@pytest.mark.parametrize("token", [None, "tts_not-a-real-token", "admin"])
def test_wrong_token_refused(server, artifacts, token):
    admin = token == "admin"       # the admin token is not a student's token: it must name the student it uploads for
    token = server.admin if admin else token
    with server.client() as c:
        before = server.stored()
        resp = upload(c, token, artifacts["digits"])
        if admin:
            assert resp.status_code == 422 and "form field 'student'" in resp.json()["error"]
        else:
            assert resp.status_code == 401 and "token" in resp.json()["error"]
        assert server.stored() == before


FORGED = {"p90_ms": 1e-6, "p90_ms_interval": [1e-6, 1e-6], "model_bytes": 1, "peak_bytes": 1, "quality": 1.0,
          "gate_passed": True, "task": "digits"}


def test_clients_cannot_post_results(server):
    "Forged numbers have nowhere to go: every route that could take them answers 4xx and the board is unchanged."
    with server.client() as c:
        before_board, before = board(c)["categories"], server.stored()
        auth = {"Authorization": f"Bearer {server.tokens['s03']}"}
        attempts = [c.post("/api/submissions", headers=auth, json=FORGED),
                    c.post("/api/results", headers=auth, json=FORGED),
                    c.post("/api/leaderboard", headers=auth, json=FORGED),
                    c.put("/api/submissions/0000", headers=auth, json=FORGED),
                    c.post("/api/trainer-times", headers=auth, json={"student": "s03", "seconds": 0.001,
                                                                     "target_accuracy": 0.9, "accuracy": 1.0}),
                    c.post("/api/admin/creative", headers=auth, json={"id": "x", "note": "mine"})]
        assert [r.status_code for r in attempts] == [415, 404, 405, 405, 403, 403]
        assert board(c)["categories"] == before_board and server.stored() == before


def test_instructor_actions(server, artifacts):
    admin = {"Authorization": f"Bearer {server.admin}"}
    with server.client() as c:
        sub = upload(c, server.tokens["s04"], artifacts["digits"]).json()
        wait_done(c, [sub["id"]])
        resp = c.post("/api/trainer-times", headers=admin, json={"student": "s04", "seconds": 12.5,
                                                                  "target_accuracy": 0.95, "accuracy": 0.962})
        assert resp.status_code == 200 and resp.json()["pseudonym"] == server.pseudonyms["s04"]
        assert c.post("/api/trainer-times", headers=admin, json={"student": "s04", "seconds": -1,
                                                                 "target_accuracy": 0.9, "accuracy": 0.9}
                      ).status_code == 422
        assert c.post("/api/admin/creative", headers=admin, json={"id": sub["id"], "note": "fused int8 kernels"}
                      ).status_code == 200
        cats = board(c)["categories"]
        assert [t["pseudonym"] for t in cats["trainer"]] == [server.pseudonyms["s04"]]
        assert {e["id"]: e["note"] for e in cats["creative"]}[sub["id"]] == "fused int8 kernels"
        students = c.get("/api/admin/students", headers=admin).json()
        assert {s["student_id"] for s in students} >= {"s00", "s04"}
        assert c.get("/api/admin/students", headers={"Authorization": f"Bearer {server.tokens['s04']}"}
                     ).status_code == 403
        assert c.post("/api/admin/remove", headers=admin, json={"id": sub["id"]}).status_code == 200
        cats = board(c)["categories"]
        assert all(e["id"] != sub["id"] for e in cats["fastest_digits"] + cats["creative"])
        assert c.get(f"/api/submissions/{sub['id']}").status_code == 404


def test_rate_limit_per_student(server):
    "RATE attempts per window (rejected ones count: they cost validation too), then 429 with a retry time."
    with server.client() as c:
        codes = [upload(c, server.tokens["s05"], content=b"not a zip").status_code for _ in range(RATE + 1)]
        assert codes == [422] * RATE + [429]
        resp = upload(c, server.tokens["s05"], content=b"not a zip")
        assert resp.status_code == 429 and resp.json()["retry_after"] > 0
        assert upload(c, server.tokens["s06"], content=b"not a zip").status_code == 422   # others are not limited


def test_submit_artifact_command(server, artifacts):
    out = subprocess.run([TINYTORCH, "submit-artifact", str(artifacts["digits"]), "--server", server.url,
                          "--token", server.tokens["s07"], "--wait", "120"], capture_output=True, text=True,
                         timeout=180)
    assert out.returncode == 0, out.stderr
    assert server.pseudonyms["s07"] in out.stdout and '"status": "measured"' in out.stdout
    bad = subprocess.run([TINYTORCH, "submit-artifact", str(artifacts["digits"]), "--server", server.url,
                          "--token", "tts_wrong"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "401" in bad.stderr


def test_autograder_posts_for_a_student_with_the_admin_token(server, artifacts):
    """The module-20 autograder's client (board_post.BoardClient) against the real site: an artifact uploaded with the
    admin token lands under the named student; a student token cannot name another student; unknown students 404."""
    from tinytorch_course.board_post import BoardClient, BoardError
    client = BoardClient(server.url, server.admin)
    answer = client.submit_for("s12", artifacts["digits"].read_bytes())
    assert answer["status"] == "queued" and answer["pseudonym"] == server.pseudonyms["s12"]
    with server.client() as c:
        assert wait_done(c, [answer["id"]])[answer["id"]]["status"] == "measured"
    with pytest.raises(BoardError, match="404"):
        client.submit_for("nobody", artifacts["digits"].read_bytes())
    as_student = BoardClient(server.url, server.tokens["s13"]).submit_for("s12", artifacts["digits"].read_bytes())
    assert as_student["pseudonym"] == server.pseudonyms["s13"]        # a student token uploads for itself only
