"""Prove that the adversarial cheats are real attacks: run each one the OLD way and count the points it earns.

    .venv/bin/python tests/grading/adversarial/efficacy.py [--jobs 2] [--json out.json] [CASE ...]

The old way = what `tinytorch autograde` did before the sandbox and the trusted checker: the submitted notebook,
with every graded test cell restored from the SOURCE notebook (hidden blocks included, nbgrader's OverwriteCells
rules: locked cells restored, changed cell types changed back, unknown grade_ids dropped, missing test cells re-added),
executed top to bottom in ONE ordinary kernel (nbclient, cwd = <grading>/autograded/<student>/<module>/ as nbgrader
does, other students' notebooks in <grading>/submitted/), scored with nbgrader's rule (a test cell with an error or
any stderr output scores 0).

A cheat is confirmed when it earns points on its target cells. For honest and faulty-but-honest cases the run gives
their true score (except where the old rule is the bug: the stderr warning cases).

Destructive cases (gradebook writers, detached watchers, writes into installed packages or $HOME) run only in a
throwaway copy: a fresh grading dir (a real released gradebook), copies of tinytorch/, tinytorch_course/ and numpy on
PYTHONPATH, HOME in the copy. Their proof is the write (files changed in the copy; for the watchers, grades.csv
rewritten after the "batch" ended), and for package writers the next honest-but-wrong notebook graded in the
poisoned copy earning more than its true score. Batch breakers (class 6) need the real batch and are not run here.
"""
import argparse
import concurrent.futures as cf
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cases as C  # noqa: E402 - after the sys.path setup above
import snippets as S  # noqa: E402 - after the sys.path setup above

CELL_TIMEOUT = 30


def cli(*args, timeout=600):
    "The course CLI (tinytorch_course.cli) in its own process."
    res = subprocess.run([sys.executable, "-m", "tinytorch_course.cli", "--course", str(C.COURSE), *map(str, args)],
                         capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise RuntimeError(f"tinytorch {' '.join(map(str, args))} failed:\n{res.stderr[-2000:]}")
    return res


# --- nbgrader's OverwriteCells, from the source notebook --------------------------------------------------------------
def old_way(submitted: dict, source: dict) -> dict:
    "The notebook nbgrader 0.9 executed for `submitted` (see the module docstring)."
    nb = copy.deepcopy(submitted)
    src_cells = [c for c in source["cells"] if C._gid(c)]
    by_id = {C._gid(c): c for c in src_cells}
    for cell in nb["cells"]:
        gid = C._gid(cell)
        if gid is None:
            continue
        if gid not in by_id:
            del cell["metadata"]["nbgrader"]["grade_id"]
            continue
        ref = by_id[gid]
        if cell["cell_type"] != ref["cell_type"]:
            C._set_type(cell, ref["cell_type"])
        md = cell["metadata"]["nbgrader"]
        md["locked"] = ref["metadata"]["nbgrader"].get("locked", False)
        if md["locked"]:
            cell["source"] = C._source(ref)
        if md.get("grade") and "points" in ref["metadata"]["nbgrader"]:
            md["points"] = ref["metadata"]["nbgrader"]["points"]
    # add_missing_cells: a graded cell that is gone comes back after the previous source cell
    present = {C._gid(c) for c in nb["cells"] if C._gid(c)}
    order = [C._gid(c) for c in src_cells]
    for gid, ref in by_id.items():
        if ref["metadata"]["nbgrader"].get("grade") and gid not in present:
            prev = order[order.index(gid) - 1] if order.index(gid) else None
            idx = next((i for i, c in enumerate(nb["cells"]) if C._gid(c) == prev), -1)
            nb["cells"].insert(idx + 1, copy.deepcopy(ref))
            present.add(gid)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def cell_passed(cell) -> bool:
    "nbgrader's determine_grade for a code cell: an error or any stderr output scores 0 (and so does not running)."
    return cell.get("execution_count") is not None and not any(
        o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr")
        for o in cell.get("outputs", []))


def score_cells(executed: dict, module: str) -> dict:
    "{grade_id: points earned} for every graded code cell of the module (last cell with that id wins, as nbgrader)."
    points = C.graded_cells(module)
    got = {gid: 0.0 for gid in points}
    for cell in executed["cells"]:
        gid = C._gid(cell)
        if gid in points and cell["cell_type"] == "code" and cell["metadata"]["nbgrader"].get("grade"):
            got[gid] = points[gid] if cell_passed(cell) else 0.0
    return got


def execute(nb: dict, cwd: Path, env: dict) -> tuple:
    "Run `nb` in a fresh kernel in `cwd` with `env`; returns (executed notebook, error or '')."
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError
    node = nbformat.reads(json.dumps(nb), as_version=4)     # joins source lines
    for i, cell in enumerate(node.cells):
        cell.setdefault("id", f"cell-{i}")
    client = NotebookClient(node, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(cwd)}})
    err = ""
    try:
        client.execute(env=env, cwd=str(cwd))
    except DeadKernelError as e:
        err = f"kernel died: {e}"
    except Exception as e:  # noqa: BLE001 - report, score what ran
        err = f"{type(e).__name__}: {e}"
    return json.loads(nbformat.writes(node)), err


def kernel_env(**changes) -> dict:
    env = dict(os.environ)
    env.update(MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
    env.update(changes)
    return env


# --- one case ---------------------------------------------------------------------------------------------------------
def submitted_notebook(case, release: dict) -> dict:
    "What the old grader read for this case (symlinks followed, as it did)."
    if case.base in ("release", "source"):
        return case.notebook(release[case.module])
    return json.loads(C.source_path(case.module).read_text())   # every symlink layout leads to the source


def run_case(case_name: str, grading: str, release: dict, env_changes: dict = None, module=None) -> dict:
    case = C.BY_NAME[case_name]
    module = module or case.module
    grading = Path(grading)
    nb = old_way(submitted_notebook(case, release), json.loads(C.source_path(module).read_text()))
    cwd = grading / "autograded" / case.student / module
    cwd.mkdir(parents=True, exist_ok=True)
    (cwd / C.MODULES[module]).write_text(json.dumps(nb))
    start = time.time()
    executed, err = execute(nb, cwd, kernel_env(**(env_changes or {})))
    (cwd / "executed.ipynb").write_text(json.dumps(executed))
    cells = score_cells(executed, module)
    if err.startswith("kernel died"):            # nbgrader could not finish the notebook: nothing was recorded
        cells = {gid: 0.0 for gid in cells}
    stderr_only = [gid for gid in cells if not cells[gid] and _only_stderr(executed, gid)]
    return {"case": case_name, "module": module, "cells": cells, "total": sum(cells.values()), "error": err,
            "seconds": round(time.time() - start, 1), "stderr_only": stderr_only}


def _only_stderr(executed, gid) -> bool:
    "The cell lost its points to stderr output alone (no error)."
    for cell in executed["cells"]:
        if C._gid(cell) == gid and cell["cell_type"] == "code":
            outs = cell.get("outputs", [])
            return (cell.get("execution_count") is not None and not cell_passed(cell)
                    and not any(o.get("output_type") == "error" for o in outs))
    return False


# --- throwaway copies for destructive cases -----------------------------------------------------------------------
def _site_packages() -> Path:
    import numpy
    return Path(numpy.__file__).resolve().parents[1]


def make_throwaway(root: Path, grading_src: Path) -> dict:
    "A grading dir, package copies and a HOME under `root`; returns the env changes that make a kernel use them."
    import tinytorch
    import tinytorch_course
    pkgs, home, grading = root / "pkgs", root / "home", root / "grading"
    pkgs.mkdir(parents=True)
    home.mkdir()
    shutil.copytree(Path(tinytorch.__file__).parent, pkgs / "tinytorch")
    shutil.copytree(Path(tinytorch_course.__file__).parent, pkgs / "tinytorch_course")
    site = _site_packages()
    shutil.copytree(site / "numpy", pkgs / "numpy")
    (pkgs / "numpy.libs").symlink_to(site / "numpy.libs")      # shared libraries: read only, never targeted
    grading.mkdir()
    for name in ("gradebook.db", "nbgrader_config.py"):
        if (grading_src / name).exists():
            shutil.copy2(grading_src / name, grading / name)
    _end_of_batch(grading)
    env = {"PYTHONPATH": str(pkgs), "HOME": str(home)}
    env.pop("IPYTHONDIR", None)
    check = subprocess.run([sys.executable, "-c", "import numpy, tinytorch, tinytorch_course, os; "
                            "print(numpy.__file__, tinytorch.__file__, tinytorch_course.__file__, "
                            "os.path.expanduser('~'))"], env=kernel_env(**env), capture_output=True, text=True,
                           cwd=root)
    paths = check.stdout.split()
    if check.returncode != 0 or not paths or not all(p.startswith(str(root)) for p in paths):
        raise RuntimeError(f"the throwaway copy does not shadow the real packages: {check.stdout}{check.stderr}")
    return env


def _end_of_batch(grading: Path) -> list:
    "What the coordinator writes when a batch ends: grades.csv and the report. Returns their paths."
    (grading / "reports").mkdir(exist_ok=True)
    (grading / "grades.csv").write_text("assignment,student_id,raw_score,score,max_score\n"
                                        "15_acceleration,someone,3.0,3.0,21.0\n")
    (grading / "reports" / "autograde_report.csv").write_text(
        "student,module,status,score,max_score,message\nsomeone,15_acceleration,graded,3.0,21.0,ok\n")
    return [grading / "grades.csv", grading / "reports" / "autograde_report.csv"]


def snapshot(root: Path) -> dict:
    "{relative path: sha256} of every file under root (symlinked dirs not followed)."
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            p = Path(dirpath) / name
            if p.is_file() and not p.is_symlink():
                out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run_destructive(case_name, grading_src: Path, release: dict, victims: dict, clean: dict) -> dict:
    case = C.BY_NAME[case_name]
    root = Path(tempfile.mkdtemp(prefix=f"throwaway-{case.student}-"))
    try:
        env = make_throwaway(root, grading_src)
        before = snapshot(root)
        res = run_case(case_name, str(root / "grading"), release, env)
        if case.klass == 4:                      # the batch ends: does something rewrite its results afterwards?
            time.sleep(1)
            grading = root / "grading"
            ended = {k: v for k, v in snapshot(grading).items() if not k.startswith("autograded/")}
            ended.update({str(p.relative_to(grading)): hashlib.sha256(p.read_bytes()).hexdigest()
                          for p in _end_of_batch(grading)})
            deadline, changed = time.time() + 12, []
            while time.time() < deadline and not changed:
                time.sleep(0.5)
                changed = sorted(k for k, v in snapshot(grading).items()
                                 if not k.startswith("autograded/") and ended.get(k) != v)
            res["proof"] = f"rewritten after the batch ended: {changed}" if changed else ""
        else:
            changed = sorted(k for k, v in snapshot(root).items()       # modified, or new and carrying the mark
                             if before.get(k) != v and not k.startswith("grading/autograded/")
                             and (k in before or S.MARK in k or S.MARK.encode() in (root / k).read_bytes()))
            res["proof"] = f"wrote {changed}" if changed else ""
        if case.klass == 12:                     # the next student graded in the poisoned copy
            victim = victims[case.module]
            poisoned = run_case(victim, str(root / "grading"), release, env)
            gain = poisoned["total"] - clean[victim]["total"]
            res["victim"] = f"{victim}: {clean[victim]['total']:g} clean, {poisoned['total']:g} after this case"
            if gain <= 0:
                res["proof"] += "; the victim gained nothing"
        return res
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- the report -------------------------------------------------------------------------------------------------------
def verdict(case, res) -> str:
    earned = sum(res["cells"][g] for g in case.target_ids)
    if case.destructive:
        return "ATTACK (write succeeded)" if res.get("proof") and "gained nothing" not in res["proof"] else "NO EFFECT"
    if not case.is_cheat or not case.earns:
        return "probe" if case.is_cheat else "honest"
    return "ATTACK" if earned > 0 else "NO EFFECT"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="*", help="case names (default: all but the batch breakers)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--workdir", help="keep the grading dir here (default: a temporary one, removed)")
    args = ap.parse_args(argv)
    names = args.cases or [c.student for c in C.CASES if c.klass != 6]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="efficacy-"))
    grading = work / "grading"
    cli("--grading-dir", grading, "release", *C.MODULES)
    release = {m: str(grading / "release" / m / nb) for m, nb in C.MODULES.items()}
    for case in C.CASES:                         # other students' submissions, for the cheats that read them
        if case.base in ("release", "source") and case.klass != 6:
            path = grading / "submitted" / case.student / case.module / C.MODULES[case.module]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(case.notebook(Path(release[case.module]))))
    plain = [n for n in names if not C.BY_NAME[n].destructive]
    destructive = [n for n in names if C.BY_NAME[n].destructive]
    victims = {"15_acceleration": "zz_victim_15", "17_quantization": "zz_victim_17"}
    needed = plain + [v for v in victims.values() if destructive and v not in plain]
    results = {}
    with cf.ProcessPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_case, n, str(grading), release): n for n in needed}
        for fut in cf.as_completed(futures):
            results[futures[fut]] = fut.result()
            print(f"  ran {futures[fut]} ({results[futures[fut]]['seconds']} s)", file=sys.stderr)
    for n in destructive:
        results[n] = run_destructive(n, grading, release, victims, results)
        print(f"  ran {n} in a throwaway copy", file=sys.stderr)
    rows = []
    for n in names:
        case, res = C.BY_NAME[n], results[n]
        earned = sum(res["cells"][g] for g in case.target_ids)
        possible = sum(C.graded_cells(case.module)[g] for g in case.target_ids)
        rows.append({"case": n, "class": case.klass, "module": case.module, "verdict": verdict(case, res),
                     "targets_earned": earned, "targets_max": possible, "total": res["total"],
                     "max": C.max_auto(case.module), "stderr_only": res["stderr_only"], "error": res["error"],
                     "proof": res.get("proof", ""), "victim": res.get("victim", ""),
                     "failed": [g for g, v in res["cells"].items() if not v]})
    w = max(len(r["case"]) for r in rows)
    print(f"{'case':{w}s}  cls  verdict                   targets   total  notes")
    for r in rows:
        notes = "; ".join(x for x in (r["proof"], r["victim"], r["error"],
                                      f"stderr zeroed {r['stderr_only']}" if r["stderr_only"] else "") if x)
        print(f"{r['case']:{w}s}  {r['class']:3d}  {r['verdict']:24s}  {r['targets_earned']:g}/{r['targets_max']:g}"
              f"  {r['total']:g}/{r['max']:g}  {notes}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    weak = [r["case"] for r in rows if r["verdict"] == "NO EFFECT"]
    if weak:
        print(f"\n{len(weak)} cheat(s) earn nothing even the old way: {', '.join(weak)}")
    return 1 if weak else 0


if __name__ == "__main__":
    sys.exit(main())
