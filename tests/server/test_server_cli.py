"""The instructor's commands of `tinytorch serve` (in-process): roster import, tokens shown once and stored hashed,
clear errors for bad input."""
import csv
import sqlite3

from tinytorch_course.cli import main
from tinytorch_course.server.store import Store, hash_token


def test_add_students_issues_tokens_once_and_stores_only_hashes(tmp_path, capsys):
    data, roster, out = tmp_path / "data", tmp_path / "roster.csv", tmp_path / "tokens.csv"
    roster.write_text("name,student_id\nAda,ada01\nBob,bob02\nAda again,ada01\n")
    assert main(["serve", "--data", str(data), "add-students", str(roster), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    with out.open() as f:
        rows = list(csv.DictReader(f))
    assert [r["student_id"] for r in rows] == ["ada01", "bob02"]
    assert (out.stat().st_mode & 0o777) == 0o600
    assert all(r["token"] in printed.out for r in rows) and "issued 2 tokens" in printed.err
    dump = "\n".join(sqlite3.connect(data / "competition.sqlite").iterdump())
    assert all(r["token"] not in dump and hash_token(r["token"]) in dump for r in rows)
    store = Store(data)
    assert store.student_for_token(rows[0]["token"])["pseudonym"] == rows[0]["pseudonym"]
    assert store.student_for_token(rows[0]["token"] + "x") is None
    # enrolling again skips known ids: their tokens stay valid and are not shown again
    roster.write_text("student_id\nada01\ncyd03\n")
    assert main(["serve", "--data", str(data), "add-students", str(roster)]) == 0
    again = capsys.readouterr()
    assert "cyd03" in again.out and "ada01" not in again.out and "1 ids already had one" in again.err
    assert store.student_for_token(rows[0]["token"]) is not None
    assert main(["serve", "--data", str(data), "students"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in listed] == ["ada01", "bob02", "cyd03"]


def test_admin_token_is_an_admin_and_not_a_student(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["serve", "--data", str(data), "admin-token"]) == 0
    token = capsys.readouterr().out.strip()
    store = Store(data)
    assert store.is_admin(token) and store.student_for_token(token) is None and not store.is_admin(token[:-1])


def test_bad_input_is_misuse_with_a_reason(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["serve", "--data", str(data), "add-students", str(tmp_path / "missing.csv")]) == 2
    assert "expected a CSV" in capsys.readouterr().err
    for option, says in [(["--rate", "ten"], "--rate must look like N/SECONDS"),
                         (["--measure", '{"digits_queries": 5, "bogus": 1}'], "--measure must be"),
                         (["--workers", "99"], "one measurement per core")]:
        assert main(["serve", "--data", str(data), "--port", "9", *option]) == 2
        assert says in capsys.readouterr().err


def test_submit_artifact_strips_a_pasted_newline_and_refuses_a_token_with_spaces(tmp_path, capsys):
    artifact = tmp_path / "model.tta"
    artifact.write_bytes(b"not sent")
    assert main(["submit-artifact", str(artifact), "--server", "http://127.0.0.1:9", "--token", "tts a"]) == 2
    assert "without spaces or control characters" in capsys.readouterr().err
    # a trailing CR/LF (a token copied from a CSV line) is stripped: the call gets as far as the (closed) port
    assert main(["submit-artifact", str(artifact), "--server", "http://127.0.0.1:9", "--token", "tts_x\r\n"]) == 2
    assert "cannot reach http://127.0.0.1:9" in capsys.readouterr().err
