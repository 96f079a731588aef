"""Oracle tests: tinytorch against PyTorch (CPU) on the same inputs and weights. Every test module here imports this
module first (not a conftest.py: tests/conftest.py is imported as `conftest` by other tests, a second one would shadow
it), before torch.

PyTorch is an optional extra (`pip install torch==2.13.0`, CPU build; `make test` installs it when the local CPU wheel
is reachable). Every test that needs torch calls `pytest.importorskip("torch")`, so without torch they show up as
"skipped: could not import 'torch'", never as passed.
"""
import os
import sys
from pathlib import Path

# The PyTorch port of TinyGPT lives in benchmarks/_torch_tinygpt.py (one copy, shared with benchmarks/peers.py).
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.append(str(BENCHMARKS))      # last: its acceleration.py, memory.py, ... must shadow nothing

# One torch thread, like the one BLAS thread of tests/conftest.py: on a loaded 2-core CI machine torch's OpenMP pool
# and OpenBLAS's threads fight over the cores (speed is measured by benchmarks/, not by tests). Read at torch import.
os.environ.setdefault("OMP_NUM_THREADS", "1")
