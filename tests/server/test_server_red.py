"""Red-team regressions (issue 19, helper red): each test is an attack that once worked against `tinytorch serve`.
The attacks that failed (the system held) are listed in notes/i19_red.md."""
import pytest

from tinytorch_course.server.store import Store

from .conftest import upload


def _queue(store: Store, owners: list) -> list:
    "Queue one submission (no file needed: only rows are claimed here) per entry of `owners` (roster ids), in order."
    ids = []
    for who in owners:
        sid = store.new_public_id()
        store.enqueue(sid, store.student_by_name(who)["id"], "a.zip", "0" * 64, 1, "digits")
        ids.append(sid)
    return ids


def test_one_student_cannot_hold_the_queue(tmp_path):
    """Attack: queue many slow artifacts (each may take the whole measurement timeout) before anyone else. The
    queue is round robin over students, so the others wait for at most one of them, not all."""
    store = Store(tmp_path / "data")
    store.add_students(["spam", "b", "c"])
    spam1, spam2, spam3, b1, c1, b2 = _queue(store, ["spam", "spam", "spam", "b", "c", "b"])
    order = [store.claim_next()["public_id"]]
    store.finish(order[0], reason="slow")
    while (job := store.claim_next()) is not None:
        order.append(job["public_id"])
        store.finish(job["public_id"], reason="done")
    assert order == [spam1, b1, c1, spam2, b2, spam3]


def test_two_workers_do_not_both_measure_one_student(tmp_path):
    "With two workers, a student's second submission waits while another student's first one is queued."
    store = Store(tmp_path / "data")
    store.add_students(["spam", "b"])
    spam1, spam2, b1 = _queue(store, ["spam", "spam", "b"])
    assert [store.claim_next()["public_id"], store.claim_next()["public_id"]] == [spam1, b1]
    assert store.claim_next()["public_id"] == spam2


def _tinygpt(tmp_path, name, vocab, max_len):
    from tinytorch.capstone.artifact import save_artifact
    from tinytorch.core.nn import manual_seed
    from tinytorch.core.transformer import TinyGPT
    manual_seed(0)
    return save_artifact(TinyGPT(vocab, d_model=8, n_heads=2, n_layers=1, max_len=max_len), tmp_path / name,
                         "tinygpt")


@pytest.mark.parametrize("vocab, max_len, says", [
    (4, 128, "token ids up to 46, the artifact's TinyGPT has vocab_size=4"),
    (47, 40, "quality windows are 64 tokens long, the artifact's TinyGPT has max_len=40")])
def test_tinygpt_the_task_cannot_run_is_refused_at_upload(server, tmp_path, vocab, max_len, says):
    """Attack: a valid TinyGPT too small for the task (vocabulary, or max_len shorter than the quality windows) was
    stored and queued, then failed in the sandbox with a traceback. Now refused with the reason, nothing stored."""
    path = _tinygpt(tmp_path, f"g{vocab}_{max_len}.zip", vocab, max_len)
    with server.client() as c:
        before = server.stored()
        resp = upload(c, server.tokens["s10"], path)
        assert resp.status_code == 422, resp.text
        assert "cannot be measured on this server's tinygpt task" in resp.json()["error"]
        assert says in resp.json()["error"]
        assert server.stored() == before


def test_storage_quota_per_student(tmp_path, artifacts):
    """Attack: fill the disk with accepted uploads (every one is kept; the rate limit alone allows ~23 GB a day per
    student at 16 MiB). A per-student quota refuses the upload that would pass it, and stores nothing."""
    from .conftest import start_server, stop_server
    size = artifacts["digits"].stat().st_size
    quota_mb = 2.5 * size / 2 ** 20                   # room for two copies of the digits artifact, not three
    server = start_server(tmp_path / "data", "--quota-mb", f"{quota_mb:.6f}")
    try:
        with server.client() as c:
            assert [upload(c, server.tokens["s00"], artifacts["digits"]).status_code for _ in range(2)] == [202, 202]
            before = server.stored()
            resp = upload(c, server.tokens["s00"], artifacts["digits"])
            assert resp.status_code == 413, resp.text
            assert f"your {2 * size:,} stored bytes plus this upload's {size:,} would pass" in resp.json()["error"]
            assert server.stored() == before
            assert upload(c, server.tokens["s01"], artifacts["digits"]).status_code == 202   # others still can
    finally:
        stop_server(server)
