"""Issue 17: the optimizations of modules 15-19 stacked on one model, measured in one run (not tests).

1. The shipped digits MLP: float32, int8, 70 % global pruning + masked fine-tuning, and that pruned model in int8
   (stored as sparse int8 where smaller): bytes (`model_size_bytes`), latency at batch 64 (interleaved medians) and
   test accuracy. Target: the stacked model is smaller than int8 alone, with outputs identical to the dense int8 path.
2. The shipped TinyGPT through the learner tour (`examples/learner_tour.py`, the same code the README shows): float32
   without and with the KV cache, int8 + cache, pruned + int8 + cache: bytes, generation latency and next-character
   accuracy against the capstone's gate (>= 99 % of float32).

    python benchmarks/compose.py [--quick]
"""
import contextlib
import importlib.util
import io
import sys
from pathlib import Path

import numpy as np

from tinytorch.core import nn
from tinytorch.core.data import load_digits
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.core.timing import median_times
from tinytorch.core.transformer import load_digits_mlp
from tinytorch.optimization.compression import fine_tune, global_magnitude_prune, measure_sparsity
from tinytorch.optimization.quantization import model_size_bytes, quantize_model

TITLE = "Composed optimizations (issue 17): one model, every technique"
TOUR = Path(__file__).resolve().parents[1] / "examples" / "learner_tour.py"


def digits_stack(quick: bool) -> list:
    X_train, y_train, X_test, y_test = load_digits()
    mlp = load_digits_mlp().eval()
    pruned, masks = global_magnitude_prune(mlp, 0.7, inplace=False)
    fine_tune(pruned, masks, X_train, y_train, epochs=5, seed=0)
    pruned.eval()
    calibration = [X_train[:256]]
    models = {"float32": mlp, "int8": quantize_model(mlp, calibration), "pruned 70 % (fine-tuned)": pruned,
              "pruned 70 % + int8": quantize_model(pruned, calibration)}
    dense_int8_of_pruned = quantize_model(pruned, calibration, sparse=False)
    x = Tensor(X_test[:64])
    with no_grad():
        identical = np.array_equal(models["pruned 70 % + int8"](Tensor(X_test)).data,
                                   dense_int8_of_pruned(Tensor(X_test)).data)
        secs = median_times({name: (lambda m=m: m(x)) for name, m in models.items()},
                            repeats=11 if quick else 101, inner=5)
    parts = [f"{name}: {model_size_bytes(m):,} B, {secs[name] * 1e6:.0f} us/batch, "
             f"acc {nn.accuracy(m, X_test, y_test):.2%}, sparsity {measure_sparsity(m):.1%}"
             for name, m in models.items()]
    stacked, int8 = model_size_bytes(models["pruned 70 % + int8"]), model_size_bytes(models["int8"])
    return [dict(name="digits MLP: bytes of pruned 70 % + int8 (sparse) / int8 alone; outputs = dense int8 path",
                 measured=f"{stacked / int8:.2f} ({stacked:,} / {int8:,} B)", target="< 1, identical outputs",
                 passed=stacked < int8 and identical,
                 notes="; ".join(parts) + f"; outputs identical to the dense int8 of the pruned model: {identical}; "
                       f"latency at batch 64, interleaved medians, BLAS threads as in the machine table")]


def load_tour():
    spec = importlib.util.spec_from_file_location("learner_tour", TOUR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tinygpt_stack(quick: bool) -> list:
    new_tokens, n_prompts = (8 if quick else 16), 4
    with contextlib.redirect_stdout(io.StringIO()):      # the tour's own printout; the rows below are its figures
        measured = load_tour().tour(new_tokens=new_tokens, sparsity=0.2, rounds=3 if quick else 9, n_prompts=n_prompts)
    times = {r["name"]: r for r in measured["comparison"]}
    rows = []
    base = measured["stages"][0]
    for stage in measured["stages"]:
        t = times[stage["name"]]
        rows.append(dict(
            name=f"TinyGPT {stage['name']}: quality / gate",
            measured=f"{stage['quality']:.2%}", target=f">= 99 % of {base['quality']:.2%}", passed=stage["gate"],
            notes=f"{stage['bytes']:,} B ({base['bytes'] / stage['bytes']:.2f}x smaller than float32); "
                  f"{stage['sparsity']:.1%} zero weights, {stage['sparse_layers']} sparse int8 layers; generation "
                  f"{t['median_ms']:.1f} ms [{t['ci_low_ms']:.1f}, {t['ci_high_ms']:.1f}] for {n_prompts} prompts x "
                  f"{new_tokens} tokens ({t['speedup']:.2f}x vs float32 without cache)"))
    return rows


def run(quick: bool = False) -> list:
    "Rows of dict(name, measured, target, passed, notes)."
    return [*digits_stack(quick), *tinygpt_stack(quick)]


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv[1:]):
        print(f"{'PASS' if row['passed'] else 'FAIL'}  {row['name']}: {row['measured']} (target {row['target']})"
              f"\n      {row['notes']}")
