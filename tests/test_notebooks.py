"""Every notebook under modules/ runs top to bottom in a real kernel, within the course's 90 s budget."""
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, all_notebooks

BUDGET_S = 90


@pytest.mark.slow
@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.relative_to(ROOT / "modules").as_posix())
def test_notebook_runs_top_to_bottom(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=BUDGET_S, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET_S, f"{path.name} took {elapsed:.1f} s (budget {BUDGET_S} s on 2 cores)"


def test_there_are_notebooks():
    assert all_notebooks(), "no notebooks found under modules/"
