"""Shared pytest fixtures and paths."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "modules"
# matplotlib must never try to open a window under pytest or nbclient.
os.environ.setdefault("MPLBACKEND", "Agg")
# Notebook kernels inherit this: on a loaded 2-core CI machine multi-threaded OpenBLAS stalls on small matrices
# (measured 10-30x slowdowns), which makes the 90 s notebook budget flaky. Speed claims live in benchmarks/.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def all_notebooks():
    "Every course notebook under modules/, sorted (foundations first)."
    return sorted(p for p in MODULES.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


@pytest.fixture(scope="session")
def repo_root():
    return ROOT
