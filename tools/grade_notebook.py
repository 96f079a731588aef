"""Grade one notebook with the trusted checker, no gradebook: for authors of tests (hand-written tool).

    python tools/grade_notebook.py 15                       # the source notebook itself: must be full marks
    python tools/grade_notebook.py 15 --release             # the release notebook (needs `tinytorch release 15`)
    python tools/grade_notebook.py 15 path/to/sub.ipynb --seed 3 --seed 4

Prints PASS/FAIL per graded test cell (with the first line of each failure), the kernel cells that failed, and the
total, once per seed. Exit 1 if a source notebook misses full marks on some seed.
"""
import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):   # as autograde runs its checkers
    os.environ.setdefault(_var, "1")

from tinytorch_course.checker import check_submission, checker_job  # noqa: E402 - after the sys.path setup above
from tinytorch_course.course import load_course  # noqa: E402 - after the sys.path setup above


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("module")
    p.add_argument("notebook", nargs="?", help="the submission (default: the source notebook)")
    p.add_argument("--release", action="store_true", help="grade the release notebook")
    p.add_argument("--seed", type=int, action="append", help="grading seed (repeatable; default 0)")
    p.add_argument("--timeout", type=float, default=None, help="seconds per cell (default: settings.ini)")
    args = p.parse_args()
    course = load_course(ROOT)
    module = course.resolve(args.module)
    source = module.source_path(course.root)
    release = module.release_path(course.default_grading_dir)
    sub = Path(args.notebook) if args.notebook else (release if args.release else source)
    full = True
    for seed in args.seed or [0]:
        start = time.perf_counter()
        r = check_submission(checker_job(course, source, release if release.is_file() else source, sub, module.export,
                                         seed, cell_timeout=args.timeout or course.cell_timeout))
        got = sum(c.get("score", 0) for c in r["cells"])
        total = sum(c.get("points", 0) for c in r["cells"])
        print(f"== {module.folder} seed={seed}: {r['status']} {got:g}/{total:g} in {time.perf_counter() - start:.1f} s"
              f" (sandboxed: {r['sandboxed']}) {r.get('message', '')}")
        for c in r["cells"]:
            print(f"  {'PASS' if c['passed'] else 'FAIL'} {c['grade_id']} ({c.get('seconds', 0):.2f} s) "
                  f"{c.get('message', '')[:300]}")
        for k in r.get("kernel", []):
            if not k.get("ok"):
                print(f"  kernel cell {k.get('grade_id') or '(plain)'} [{k.get('origin')}] failed: "
                      f"{(k.get('error') or '')[:200]}")
        for note in r.get("notes", []):
            print(f"  note: {note}")
        full = full and got == total
    return 0 if full or args.release or args.notebook else 1


if __name__ == "__main__":
    sys.exit(main())
