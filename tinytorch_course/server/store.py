"""The server's state in one SQLite file (stdlib sqlite3), `<data>/competition.sqlite`; uploads in `<data>/uploads/`.

Tokens are random (32 bytes) and stored only as their SHA-256: a leaked database gives no usable token. The public
board shows a student's pseudonym, never the roster id.
"""
import hashlib
import json
import secrets
import sqlite3
import threading
import time
from pathlib import Path

STATUSES = ("queued", "measuring", "measured", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS students (
    id INTEGER PRIMARY KEY, student_id TEXT NOT NULL UNIQUE, pseudonym TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS admins (token_hash TEXT PRIMARY KEY, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, student INTEGER NOT NULL REFERENCES students(id),
    filename TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, task TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'measuring', 'measured', 'failed')), reason TEXT,
    created REAL NOT NULL, started REAL, finished REAL, measurements INTEGER NOT NULL DEFAULT 0,
    sandboxed INTEGER, result TEXT, analysis TEXT, creative TEXT, removed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS submissions_status ON submissions(status, id);
CREATE TABLE IF NOT EXISTS upload_attempts (student INTEGER NOT NULL, t REAL NOT NULL);
CREATE TABLE IF NOT EXISTS trainer_times (
    student INTEGER PRIMARY KEY REFERENCES students(id), seconds REAL NOT NULL, target_accuracy REAL NOT NULL,
    accuracy REAL NOT NULL, recorded REAL NOT NULL);
"""

# Pseudonyms: adjective-animal-NN. 32 x 32 x 90 = 92 160 names, enough for a class; collisions are retried.
_ADJECTIVES = ("amber", "brisk", "calm", "dapper", "eager", "fuzzy", "gentle", "hasty", "icy", "jolly", "keen",
               "lucky", "mellow", "nimble", "odd", "plucky", "quiet", "rapid", "sly", "tidy", "upbeat", "vivid",
               "witty", "zesty", "bold", "crisp", "deft", "fond", "glad", "merry", "proud", "sunny")
_ANIMALS = ("otter", "lynx", "heron", "badger", "falcon", "gecko", "ibis", "jackal", "koala", "lemur", "marten",
            "newt", "ocelot", "panda", "quail", "raven", "stoat", "tapir", "urchin", "viper", "walrus", "yak",
            "zebra", "bison", "crane", "dingo", "egret", "ferret", "gibbon", "hare", "impala", "mole")


class StoreError(ValueError):
    "Bad input to the store (unknown student, malformed roster, ...): the message says what was expected."


class QuotaError(StoreError):
    "A student's stored uploads would pass the per-student storage quota."


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def _pseudonym() -> str:
    return f"{secrets.choice(_ADJECTIVES)}-{secrets.choice(_ANIMALS)}-{secrets.randbelow(90) + 10}"


class Store:
    """All reads and writes of the competition database. One connection shared by the server's threads behind a
    lock (SQLite serializes writers anyway; the lock makes claim-next-job atomic within the process)."""

    def __init__(self, data_dir):
        self.dir = Path(data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.uploads = self.dir / "uploads"
        self.uploads.mkdir(exist_ok=True)
        self.path = self.dir / "competition.sqlite"
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)

    def close(self):
        with self._lock:
            self._db.close()

    def _tx(self, fn):
        "Run fn(cursor) in one IMMEDIATE transaction under the lock; all or nothing."
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                out = fn(cur)
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
            return out

    def _query(self, sql, params=()) -> list:
        with self._lock:
            return [dict(r) for r in self._db.execute(sql, params).fetchall()]

    # -- tokens -----------------------------------------------------------------------------------------------
    def add_students(self, student_ids) -> list:
        """Issue a token and a pseudonym to each new roster id; returns [(student_id, pseudonym, token)] for the
        new ones (ids already enrolled are skipped: their tokens cannot be shown again, only replaced)."""
        ids = [s.strip() for s in student_ids]
        bad = [s for s in ids if not s or len(s) > 128]
        if bad:
            raise StoreError(f"student ids must have 1 to 128 characters, got {bad[:3]!r}")

        def add(cur):
            issued = []
            for sid in dict.fromkeys(ids):
                if cur.execute("SELECT 1 FROM students WHERE student_id=?", (sid,)).fetchone():
                    continue
                token = new_token("tts")
                for _ in range(100):
                    name = _pseudonym()
                    if not cur.execute("SELECT 1 FROM students WHERE pseudonym=?", (name,)).fetchone():
                        break
                cur.execute("INSERT INTO students(student_id, pseudonym, token_hash, created) VALUES (?,?,?,?)",
                            (sid, name, hash_token(token), time.time()))
                issued.append((sid, name, token))
            return issued
        return self._tx(add)

    def new_admin_token(self) -> str:
        token = new_token("tta")
        self._tx(lambda cur: cur.execute("INSERT INTO admins(token_hash, created) VALUES (?,?)",
                                         (hash_token(token), time.time())))
        return token

    def student_for_token(self, token: str):
        rows = self._query("SELECT id, student_id, pseudonym FROM students WHERE token_hash=?", (hash_token(token),))
        return rows[0] if rows else None

    def is_admin(self, token: str) -> bool:
        return bool(self._query("SELECT 1 FROM admins WHERE token_hash=?", (hash_token(token),)))

    def students(self) -> list:
        return self._query("SELECT s.student_id, s.pseudonym, COUNT(u.id) AS submissions FROM students s "
                           "LEFT JOIN submissions u ON u.student=s.id GROUP BY s.id ORDER BY s.student_id")

    def student_by_name(self, name: str):
        "A student by roster id or pseudonym (what the autograder or the instructor knows)."
        rows = self._query("SELECT id, student_id, pseudonym FROM students WHERE student_id=? OR pseudonym=?",
                           (name, name))
        return rows[0] if rows else None

    # -- rate limit -------------------------------------------------------------------------------------------
    def note_attempt(self, student: int, limit: int, window_s: float):
        """Record an upload attempt (accepted or not: a rejected one cost validation too); returns None if within
        `limit` attempts per `window_s` seconds, else the seconds until the next attempt is allowed."""
        now = time.time()

        def note(cur):
            cur.execute("DELETE FROM upload_attempts WHERE t < ?", (now - window_s,))
            times = [r[0] for r in cur.execute("SELECT t FROM upload_attempts WHERE student=? ORDER BY t",
                                               (student,))]
            if len(times) >= limit:
                return times[0] + window_s - now
            cur.execute("INSERT INTO upload_attempts(student, t) VALUES (?,?)", (student, now))
            return None
        return self._tx(note)

    # -- the queue --------------------------------------------------------------------------------------------
    @staticmethod
    def new_public_id() -> str:
        "The id in a submission's URL: random, so ids reveal nothing about other submissions."
        return secrets.token_hex(8)

    def enqueue(self, public_id: str, student: int, filename: str, sha256: str, size: int, task: str,
                quota: int = None) -> str:
        """Queue a validated upload, already stored at stored_path(public_id). `quota`: the most bytes one student's
        stored uploads may take (every file is kept, removed ones too); QuotaError, and nothing queued, past it."""
        def add(cur):
            used = cur.execute("SELECT COALESCE(SUM(size), 0) FROM submissions WHERE student=?",
                               (student,)).fetchone()[0]
            if quota is not None and used + size > quota:
                raise QuotaError(f"storage quota: your {used:,} stored bytes plus this upload's {size:,} would pass "
                                 f"the per-student quota of {quota:,} bytes; ask your instructor")
            cur.execute("INSERT INTO submissions(public_id, student, filename, sha256, size, task, status, created) "
                        "VALUES (?,?,?,?,?,?,'queued',?)", (public_id, student, filename, sha256, size, task,
                                                             time.time()))
        self._tx(add)
        return public_id

    # Fair order: a student with nothing being measured first, then the student whose last measurement started
    # longest ago (never: first), then age. FIFO would let one student who queues many slow artifacts (each up to
    # the measurement timeout) hold the workers for everyone else; this way the others wait for one of them at most.
    _FAIR_ORDER = ("ORDER BY EXISTS(SELECT 1 FROM submissions m WHERE m.student=u.student AND m.status='measuring'), "
                   "(SELECT MAX(l.started) FROM submissions l WHERE l.student=u.student), u.id")

    def claim_next(self):
        """Atomically move the next queued submission (fair order: the least recently served student first, see
        _FAIR_ORDER) to 'measuring' and return it (None if the queue is empty)."""
        def claim(cur):
            row = cur.execute("SELECT u.id, u.public_id, u.task FROM submissions u WHERE u.status='queued' "
                              f"AND u.removed=0 {self._FAIR_ORDER} LIMIT 1").fetchone()
            if row is None:
                return None
            cur.execute("UPDATE submissions SET status='measuring', started=? WHERE id=?", (time.time(), row["id"]))
            return dict(row)
        return self._tx(claim)

    def requeue_interrupted(self) -> int:
        "Submissions left 'measuring' by a server that stopped mid-measurement go back to the queue."
        return self._tx(lambda cur: cur.execute(
            "UPDATE submissions SET status='queued', started=NULL WHERE status='measuring'").rowcount)

    def finish(self, public_id: str, result: dict = None, analysis: dict = None, reason: str = None,
               sandboxed: bool = True):
        "Record a measurement (result given) or a failure (reason given). Each call counts one measurement."
        status = "measured" if result is not None else "failed"
        self._tx(lambda cur: cur.execute(
            "UPDATE submissions SET status=?, reason=?, result=?, analysis=?, finished=?, sandboxed=?, "
            "measurements=measurements+1 WHERE public_id=? AND status='measuring'",
            (status, reason, json.dumps(result) if result is not None else None,
             json.dumps(analysis) if analysis is not None else None, time.time(), int(sandboxed), public_id)))

    def queue_counts(self) -> dict:
        counts = {s: 0 for s in STATUSES}
        for r in self._query("SELECT status, COUNT(*) AS n FROM submissions WHERE removed=0 GROUP BY status"):
            counts[r["status"]] = r["n"]
        return counts

    # -- reading submissions ----------------------------------------------------------------------------------
    _COLUMNS = ("u.public_id, u.filename, u.sha256, u.size, u.task, u.status, u.reason, u.created, u.started, "
                "u.finished, u.measurements, u.sandboxed, u.result, u.analysis, u.creative, u.removed, "
                "s.pseudonym, s.student_id")

    @staticmethod
    def _decode(row: dict) -> dict:
        for key in ("result", "analysis"):
            row[key] = json.loads(row[key]) if row.get(key) else None
        row["removed"] = bool(row["removed"])
        return row

    def submission(self, public_id: str):
        rows = self._query(f"SELECT {self._COLUMNS} FROM submissions u JOIN students s ON s.id=u.student "
                           "WHERE u.public_id=?", (public_id,))
        return self._decode(rows[0]) if rows else None

    def submissions(self, include_removed=False) -> list:
        where = "" if include_removed else "WHERE u.removed=0"
        return [self._decode(r) for r in self._query(
            f"SELECT {self._COLUMNS} FROM submissions u JOIN students s ON s.id=u.student {where} ORDER BY u.id")]

    def stored_path(self, public_id: str) -> Path:
        return self.uploads / f"{public_id}.zip"

    # -- instructor actions -----------------------------------------------------------------------------------
    def set_creative(self, public_id: str, note) -> bool:
        "Mark (note: text) or unmark (note None) a submission as 'most creative'; False if there is no such id."
        return self._tx(lambda cur: cur.execute("UPDATE submissions SET creative=? WHERE public_id=?",
                                                (note, public_id)).rowcount) == 1

    def remove(self, public_id: str) -> bool:
        "Take a submission off the board (kept in the database, marked removed)."
        return self._tx(lambda cur: cur.execute("UPDATE submissions SET removed=1 WHERE public_id=?",
                                                (public_id,)).rowcount) == 1

    def set_trainer_time(self, student: int, seconds: float, target_accuracy: float, accuracy: float):
        self._tx(lambda cur: cur.execute(
            "INSERT INTO trainer_times(student, seconds, target_accuracy, accuracy, recorded) VALUES (?,?,?,?,?) "
            "ON CONFLICT(student) DO UPDATE SET seconds=excluded.seconds, target_accuracy=excluded.target_accuracy, "
            "accuracy=excluded.accuracy, recorded=excluded.recorded",
            (student, seconds, target_accuracy, accuracy, time.time())))

    def trainer_times(self) -> list:
        return self._query("SELECT s.pseudonym, t.seconds, t.target_accuracy, t.accuracy, t.recorded "
                           "FROM trainer_times t JOIN students s ON s.id=t.student ORDER BY t.seconds")
