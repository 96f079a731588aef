"""Grading throughput: seconds of wall time per notebook for a batch of submissions, graded by the real
`tinytorch autograde` CLI (sandboxed kernel + trusted checker), at --jobs 1 and --jobs 2 in the same run.

The batch is every graded module's SOURCE notebook (full marks: every cell runs, nothing stops early) handed in by
`students` students. The reference figure is the in-kernel nbgrader grader this replaced, measured 2026-12-04 on this
2-core machine: 219 s for 4 students x 6 modules = 9.1 s per notebook; issue 15 allows the trusted design 1.3x that.
A fresh grading folder per run; the release step (nbgrader generate_assignment) happens before the clock starts.

    python benchmarks/grading.py [--students 4] [--jobs 1 2]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Grading throughput (tinytorch autograde: sandboxed kernel + trusted checker)"
BASELINE_S_PER_NOTEBOOK = 219 / 24          # nbgrader in the student's kernel, 2026-12-04, 2 cores
TARGET_FACTOR = 1.3


def _cli(*args, cwd=None):
    exe = Path(sys.executable).parent / "tinytorch"
    return subprocess.run([str(exe), "--course", str(ROOT), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})


def _batch(folder: Path, students: int, modules) -> int:
    for s in range(students):
        for m in modules:
            dest = folder / f"student{s + 1}" / m.folder / m.notebook
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(m.source_path(ROOT), dest)
    return students * len(modules)


def grade_once(students: int, jobs: int) -> dict:
    "Release into a fresh grading dir, then time one autograde of the batch; returns seconds and the rows."
    sys.path.insert(0, str(ROOT))
    from tinytorch_course.course import load_course
    course = load_course(ROOT)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        grading, subs = tmp / "grading", tmp / "subs"
        res = _cli("--grading-dir", grading, "release")
        if res.returncode != 0:
            raise RuntimeError(f"release failed: {res.stderr.strip()[-300:]}")
        n = _batch(subs, students, course.modules)
        start = time.perf_counter()
        res = _cli("--grading-dir", grading, "autograde", subs, "--jobs", jobs, "--quiet")
        seconds = time.perf_counter() - start
        if res.returncode != 0:
            raise RuntimeError(f"autograde failed: {res.stderr.strip()[-300:]}")
        import csv
        with (grading / "reports" / "autograde_report.csv").open(newline="") as f:
            rows = list(csv.DictReader(f))
        # max_score includes hand-graded written answers: full AUTO marks is what a source notebook must get
        full = sum(1 for r in rows
                   if r["status"] == "graded" and r["message"].startswith("all autograded tests passed"))
    return {"notebooks": n, "seconds": seconds, "full_marks": full}


def run(quick: bool = False, students: int = None, jobs=(1, 2)) -> list:
    students = students or (1 if quick else 4)
    rows = []
    for j in jobs:
        got = grade_once(students, j)
        per = got["seconds"] / got["notebooks"]
        limit = BASELINE_S_PER_NOTEBOOK * TARGET_FACTOR
        rows.append({"name": f"seconds per notebook, --jobs {j} ({got['notebooks']} source notebooks)",
                     "measured": f"{per:.2f} s ({got['seconds']:.0f} s total; "
                                 f"{got['notebooks'] * 60 / got['seconds']:.1f}"
                                 f" notebooks/min; {got['full_marks']}/{got['notebooks']} at full autograded marks)",
                     "target": f"<= {limit:.1f} s (1.3 x 9.1 s of the in-kernel grader)",
                     "passed": per <= limit and got["full_marks"] == got["notebooks"],
                     "notes": "one BLAS thread per kernel; the machine's other load shows in the section header"})
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=4)
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = p.parse_args()
    for row in run(students=args.students, jobs=args.jobs):
        print(f"{row['name']}: {row['measured']}  target {row['target']}  {'PASS' if row['passed'] else 'FAIL'}")


if __name__ == "__main__":
    main()
