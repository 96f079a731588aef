"""Shared helpers for the grading tests: the tiny fixture course and a way to run the `tinytorch` CLI."""
import json
import subprocess
import sys
from pathlib import Path

FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"
DEMO_SOURCE = FIXTURE_COURSE / "modules" / "99_demo" / "demo.ipynb"


def run_cli(*args, cwd=None, timeout=600):
    "Run `python -m tinytorch_course.cli ARGS` in its own process (like the console script); returns CompletedProcess."
    return subprocess.run([sys.executable, "-m", "tinytorch_course.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def notebook_with(source_nb: Path, grade_id: str, code: str) -> str:
    "The JSON text of `source_nb` with the cell `grade_id` replaced by `code` (a student's edit)."
    nb = json.loads(Path(source_nb).read_text())
    cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
    assert cells, f"no cell {grade_id} in {source_nb}"
    cells[0]["source"] = code
    return json.dumps(nb)


def put_submission(root: Path, student: str, text: str, folder="99_demo", name="demo.ipynb") -> Path:
    "Write `text` to root/<student>/<folder>/<name>."
    path = Path(root) / student / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def release_and_autograde(base: Path, write_submissions, *autograde_args):
    """Release the fixture module into base/grading, let `write_submissions(submissions_dir, release_notebook)` fill
    base/submissions, and grade them with the CLI. Returns (grading dir, CLI result, report rows by student)."""
    import csv
    grading, subs = Path(base) / "grading", Path(base) / "submissions"
    rel = run_cli("--course", FIXTURE_COURSE, "--grading-dir", grading, "release")
    assert rel.returncode == 0, rel.stderr
    write_submissions(subs, grading / "release" / "99_demo" / "demo.ipynb")
    res = run_cli("--course", FIXTURE_COURSE, "--grading-dir", grading, "autograde", subs, *autograde_args)
    assert res.returncode == 0, res.stderr[-3000:]
    with (grading / "reports" / "autograde_report.csv").open(newline="") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    return grading, res, rows
