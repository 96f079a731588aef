"""Oracle tests: tinytorch against PyTorch (CPU) on the same inputs and weights.

PyTorch is an optional extra (`pip install torch==2.13.0`, CPU build; `make test` installs it when the local CPU wheel
is reachable). Every test module here starts with `pytest.importorskip("torch")`, so without torch they show up as
"skipped: could not import 'torch'", never as passed.
"""
import sys
from pathlib import Path

# The PyTorch port of TinyGPT lives in benchmarks/_torch_tinygpt.py (one copy, shared with benchmarks/peers.py).
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))
