"""Shared helpers for the grading tests: the tiny fixture course and a way to run the `tinytorch` CLI."""
import json
import subprocess
import sys
from pathlib import Path

FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"
DEMO_SOURCE = FIXTURE_COURSE / "modules" / "99_demo" / "demo.ipynb"


def run_cli(*args, cwd=None, timeout=600):
    "Run `python -m tinytorch.cli ARGS` as a separate process (like the console script); returns CompletedProcess."
    return subprocess.run([sys.executable, "-m", "tinytorch.cli", *map(str, args)], cwd=cwd, capture_output=True,
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
