"""Release notebooks run with their stubs: only task cells raise; every demo cell that needs an unfinished task says
so in one line ("implement Task N to see this") instead of a traceback. Also the `needs_task` helper itself."""
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from tinytorch.testing import needs_task
from tinytorch_course.course import load_course

CELL_TIMEOUT_S = 120


def _is_task_cell(cell) -> bool:
    "A student's solution cell or a graded test cell (those may raise until the task is done)."
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("solution") or meta.get("grade"))


def _errors(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


@pytest.fixture(scope="module")
def released(released_course, tmp_path_factory):
    """Every module's release notebook (the session's one `tinytorch release`), copied into a folder of this test's
    own: the notebooks run there, so whatever they write stays out of the shared release."""
    import shutil
    grading, res = released_course
    assert res.returncode == 0, res.stderr[-2000:]
    work = tmp_path_factory.mktemp("release-run")
    out = {}
    for m in load_course(ROOT).modules:
        dest = work / m.folder / m.notebook
        dest.parent.mkdir(parents=True)
        shutil.copy(m.release_path(grading), dest)
        out[m.folder] = dest
    return out


def _module_folders():
    return [m.folder for m in load_course(ROOT).modules]


@pytest.mark.slow
@pytest.mark.roundtrip
@pytest.mark.parametrize("folder", _module_folders())
def test_release_notebook_runs_with_stubs(released, folder):
    nb = nbformat.read(released[folder], as_version=4)
    NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(released[folder].parent)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    raising_demo = [(c.source.splitlines() or [""])[0] + f"  -> {_errors(c)[0].get('ename')}: "
                    f"{_errors(c)[0].get('evalue', '')[:200]}" for c in code if not _is_task_cell(c) and _errors(c)]
    assert not raising_demo, f"{folder}: demo cells raised with the stubs (expected one 'implement ...' line):\n" + \
        "\n".join(raising_demo)
    stubbed = [c for c in code if _is_task_cell(c) and any(e.get("ename") == "NotImplementedError" for e in _errors(c))]
    assert stubbed, f"{folder}: no task cell raised NotImplementedError: is this really the release with stubs?"
    for c in code:
        if c.source.startswith("with needs_task(") and not _is_task_cell(c):
            lines = [ln for ln in _text(c).splitlines() if ln.startswith("implement ")]
            assert lines and all(ln.endswith(" to see this") for ln in lines), \
                f"{folder}: a needs_task cell printed no skip line: {c.source.splitlines()[0]!r} -> {_text(c)[:300]!r}"


@pytest.fixture
def no_skips():
    "needs_task remembers skips for the kernel's lifetime; each test starts from none."
    import tinytorch.testing as testing
    testing._SKIPPED_TASKS.clear()
    yield
    testing._SKIPPED_TASKS.clear()


def test_needs_task_skips_a_stub_with_one_line(no_skips, capsys):
    with needs_task(3):
        raise NotImplementedError("Task 3")
    assert capsys.readouterr().out == "implement Task 3 to see this\n"


def test_needs_task_skips_a_name_missing_because_of_an_earlier_skip(no_skips, capsys):
    with needs_task(1):
        raise NotImplementedError
    with needs_task(2, "count_flops"):
        undefined_name_from_the_skipped_cell  # noqa: F821 - the NameError is the point
    assert capsys.readouterr().out.splitlines()[-1] == "implement Task 2 and count_flops to see this"
    with needs_task(1, 2, "count_flops"):
        pass                                  # finished tasks clear the record of skips...
    with pytest.raises(NameError):            # ...so a missing name is a real error again
        with needs_task(2):
            undefined_name_from_the_skipped_cell  # noqa: F821 - the NameError is the point


def test_needs_task_lets_real_errors_through(no_skips):
    with pytest.raises(ValueError):
        with needs_task(1):
            raise ValueError("a bug, not a stub")
    with pytest.raises(NameError):               # no skip happened before: a NameError is a real bug
        with needs_task(1):
            undefined_name  # noqa: F821 - the NameError is the point


def test_needs_task_wants_a_task():
    with pytest.raises(TypeError, match="expected at least one task"):
        needs_task()
