"""Grade a catalogue of whole-cell replacements with the trusted checker: how many wrong ones the graded tests catch,
and whether every correct one keeps full marks (hand-written tool for test authors).

    python tools/catalogue_check.py CATALOGUE_DIR [--module 19] [--jobs 2] [--seed 0 --seed 1]

CATALOGUE_DIR holds one folder per module (`19_profiling/`, ...) of `.py` files, each the full source of ONE solution
cell as a student would write it, under a three-line header:

    # CELL: <grade id of the solution cell it replaces>
    # EXPECT: wrong        (or: correct)
    # WHY: <one line: the mistake, or how the correct one differs>

Each file becomes one submission: the module's source notebook with that cell's source replaced (every other cell
the reference's). A `wrong` entry is caught when some graded test cell loses points on some seed; a `correct` entry
must score full marks on every seed (a miss there is a false failure). Prints a table per module, the misses and the
false failures, and writes the results as JSON with `--json`. Exit 1 on any false failure.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402 - after the sys.path setup above

from tinytorch_course.checker import checker_job, run_checker_process  # noqa: E402 - after the sys.path setup above
from tinytorch_course.course import load_course  # noqa: E402 - after the sys.path setup above
from tinytorch_course.notebook_cells import nbgrader_meta  # noqa: E402 - after the sys.path setup above

HEADER_KEYS = ("CELL", "EXPECT", "WHY")


def read_entry(path: Path) -> dict:
    "The header fields and the cell source of one catalogue file; raises ValueError naming what is missing."
    lines = path.read_text().split("\n")
    meta = {}
    for line in lines[:3]:
        key, _, value = line.lstrip("# ").partition(":")
        if key.strip() in HEADER_KEYS:
            meta[key.strip()] = value.strip()
    missing = [k for k in HEADER_KEYS if k not in meta]
    if missing:
        raise ValueError(f"{path}: the first three lines must be '# CELL: ...', '# EXPECT: ...', '# WHY: ...' "
                         f"(missing {', '.join(missing)})")
    if meta["EXPECT"] not in ("wrong", "correct"):
        raise ValueError(f"{path}: EXPECT must be 'wrong' or 'correct', got {meta['EXPECT']!r}")
    return {**meta, "name": path.stem, "source": "\n".join(lines[3:]).strip("\n")}


def build_submission(source_nb: Path, entry: dict, out: Path) -> None:
    "The source notebook with the solution cell `entry['CELL']` replaced by the entry's source."
    nb = nbformat.read(source_nb, as_version=4)
    cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == entry["CELL"]]
    if len(cells) != 1 or not nbgrader_meta(cells[0]).get("solution"):
        raise ValueError(f"{entry['name']}: no solution cell with grade id {entry['CELL']!r} in {source_nb.name}")
    cells[0].source = entry["source"]
    nbformat.write(nb, out)


def grade(course, module, submission: Path, seed: int, workdir: Path) -> dict:
    "One checker run (own process, one BLAS thread), as autograde runs it."
    source = module.source_path(course.root)
    spec = checker_job(course, source, source, submission, module.export, seed, cpu_seconds=course.notebook_timeout,
                       workdir=str(workdir))
    return run_checker_process(spec, course.notebook_timeout + 120, workdir)


def verdict(entry: dict, results: list) -> dict:
    "Caught / full marks over all seeds, with the failing cells' first messages."
    failed = sorted({f"{c['grade_id']}: {str(c.get('message', ''))[:160]}" for r in results
                     for c in r.get("cells", []) if not c.get("passed")})
    bad_status = sorted({f"{r['status']}: {r.get('message', '')[:160]}" for r in results if r["status"] != "graded"})
    lost = bool(failed or bad_status)
    ok = lost if entry["EXPECT"] == "wrong" else not lost
    return {"name": entry["name"], "cell": entry["CELL"], "expect": entry["EXPECT"], "why": entry["WHY"], "ok": ok,
            "failed": failed + bad_status}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("catalogue", type=Path)
    p.add_argument("--module", action="append", help="only these modules (number or folder; repeatable)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--seed", type=int, action="append")
    p.add_argument("--json", type=Path, help="write every verdict here")
    args = p.parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    course = load_course(ROOT)
    modules = [course.resolve(m) for m in args.module] if args.module else list(course.modules)
    seeds = args.seed or [0]
    work = Path(tempfile.mkdtemp(prefix="catalogue-"))
    jobs = []
    for module in modules:
        folder = args.catalogue / module.folder
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            entry = read_entry(path)
            sub = work / module.folder / f"{path.stem}.ipynb"
            sub.parent.mkdir(parents=True, exist_ok=True)
            build_submission(module.source_path(course.root), entry, sub)
            jobs.append((module, entry, sub))
    if not jobs:
        sys.exit(f"no catalogue entries under {args.catalogue} for {[m.folder for m in modules]}")
    print(f"grading {len(jobs)} entries x {len(seeds)} seed(s) with {args.jobs} job(s) ...", flush=True)
    start, verdicts = time.perf_counter(), {}

    def run(job):
        module, entry, sub = job
        return module.folder, verdict(entry, [grade(course, module, sub, s, work) for s in seeds])

    with ThreadPoolExecutor(args.jobs) as pool:
        for i, fut in enumerate(as_completed([pool.submit(run, j) for j in jobs]), 1):
            folder, v = fut.result()
            verdicts.setdefault(folder, []).append(v)
            mark = "ok " if v["ok"] else "MISS" if v["expect"] == "wrong" else "FALSE FAILURE"
            print(f"[{i}/{len(jobs)} {time.perf_counter() - start:6.0f} s] {mark} {folder}/{v['name']}", flush=True)
    print(f"\n{'module':<18} {'wrong caught':>14} {'correct at full':>16}")
    false_failures = 0
    for folder in sorted(verdicts):
        vs = verdicts[folder]
        wrong = [v for v in vs if v["expect"] == "wrong"]
        right = [v for v in vs if v["expect"] == "correct"]
        caught, kept = sum(v["ok"] for v in wrong), sum(v["ok"] for v in right)
        false_failures += len(right) - kept
        pct = f" ({100 * caught / len(wrong):.0f} %)" if wrong else ""
        print(f"{folder:<18} {f'{caught}/{len(wrong)}{pct}':>14} {f'{kept}/{len(right)}':>16}")
    for folder in sorted(verdicts):
        for v in sorted(verdicts[folder], key=lambda v: v["name"]):
            if not v["ok"] and v["expect"] == "wrong":
                print(f"  missed {folder}/{v['name']} ({v['cell']}): {v['why']}")
            elif not v["ok"]:
                print(f"  FALSE FAILURE {folder}/{v['name']} ({v['cell']}): {v['failed'][:2]}")
    if args.json:
        args.json.write_text(json.dumps(verdicts, indent=1))
    print(f"{time.perf_counter() - start:.0f} s")
    return 1 if false_failures else 0


if __name__ == "__main__":
    sys.exit(main())
