"""tools/catalogue_check.py: grades whole-cell replacements with the checker (how a held-out catalogue is run)."""
import importlib.util
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT
from tinytorch_course.notebook_cells import nbgrader_meta

_spec = importlib.util.spec_from_file_location("catalogue_check", ROOT / "tools" / "catalogue_check.py")
catalogue_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogue_check)
NOTEBOOK = ROOT / "modules" / "19_profiling" / "profiling.ipynb"


def _cell(grade_id):
    return next(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
                if nbgrader_meta(c).get("grade_id") == grade_id)


def test_read_entry_names_the_missing_header(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("# CELL: summarize\n# WHY: no expectation\nx = 1\n")
    with pytest.raises(ValueError, match="missing EXPECT"):
        catalogue_check.read_entry(bad)
    bad.write_text("# CELL: summarize\n# EXPECT: maybe\n# WHY: w\nx = 1\n")
    with pytest.raises(ValueError, match="EXPECT must be 'wrong' or 'correct', got 'maybe'"):
        catalogue_check.read_entry(bad)


def test_build_submission_replaces_exactly_one_solution_cell(tmp_path):
    entry = {"name": "e", "CELL": "summarize", "source": "def summarize(samples):\n    return None"}
    out = tmp_path / "sub.ipynb"
    catalogue_check.build_submission(NOTEBOOK, entry, out)
    before, after = nbformat.read(NOTEBOOK, as_version=4).cells, nbformat.read(out, as_version=4).cells
    changed = [nbgrader_meta(b).get("grade_id") for b, a in zip(before, after) if b.source != a.source]
    assert changed == ["summarize"], f"expected only the summarize cell to change, got {changed}"
    with pytest.raises(ValueError, match="no solution cell with grade id 'test_timer'"):
        catalogue_check.build_submission(NOTEBOOK, {**entry, "CELL": "test_timer"}, out)


@pytest.mark.slow
def test_a_wrong_entry_is_caught_and_a_correct_one_kept(tmp_path):
    folder = tmp_path / "cat" / "19_profiling"
    folder.mkdir(parents=True)
    reference = _cell("summarize")
    assert "np.median(x)" in reference
    (folder / "same.py").write_text("# CELL: summarize\n# EXPECT: correct\n# WHY: the reference\n" + reference)
    (folder / "mean.py").write_text("# CELL: summarize\n# EXPECT: wrong\n# WHY: mean for the median\n"
                                    + reference.replace("np.median(x)", "np.mean(x)"))
    # A correct entry marked wrong must show up as a miss, and the exit code tracks false failures only.
    (folder / "mislabelled.py").write_text("# CELL: summarize\n# EXPECT: wrong\n# WHY: actually correct\n" + reference)
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "catalogue_check.py"), str(tmp_path / "cat"),
                        "--module", "19", "--jobs", "2"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "19_profiling           1/2 (50 %)              1/1" in r.stdout, r.stdout
    assert "missed 19_profiling/mislabelled" in r.stdout, r.stdout


def test_every_catalogue_entry_replaces_a_solution_cell_and_compiles():
    import ast
    from tinytorch_course.course import load_course
    course = load_course(ROOT)
    folders = sorted(p for p in (ROOT / "tests" / "grading" / "catalogue").iterdir() if p.is_dir())
    assert [p.name for p in folders] == [m.folder for m in course.modules], "one catalogue folder per module"
    for folder in folders:
        notebook = course.resolve(folder.name).source_path(course.root)
        solutions = {nbgrader_meta(c).get("grade_id") for c in nbformat.read(notebook, as_version=4).cells
                     if nbgrader_meta(c).get("solution")}
        for path in sorted(folder.glob("*.py")):
            entry = catalogue_check.read_entry(path)
            assert entry["CELL"] in solutions, \
                f"{path.name}: {entry['CELL']!r} is not a solution cell of {notebook.name}"
            source = "\n".join(line for line in entry["source"].split("\n") if not line.startswith("%"))
            ast.parse(source, filename=str(path))
