"""The learner tour: one TinyGPT, every technique of modules 15-19 together, every figure measured in this run.

    python examples/learner_tour.py [--new-tokens 16] [--sparsity 0.2] [--rounds 5] [--trace tour_trace.json]

1. Profile the shipped TinyGPT's forward pass: where does the time go (Attention / Feed Forward / Embedding / Other)?
2. Add module 16's KV cache, module 17's int8 (dynamic: no calibration data needed) and module 18's global magnitude
   pruning, stored as sparse int8 (quantize_model packs a pruned layer when that is smaller).
3. For each stage: bytes (`model_size_bytes`, the one byte count), quality (next-character accuracy on held-out
   text, the capstone's tinygpt metric) against the capstone's gate (>= 99 % of the float model's quality), and
   generation latency from ONE interleaved run (`profiler.compare_optimizations`).
4. Profile the stacked model again, and count what reached the matmul backend, by kind (module 15).

Nothing here is a stored number: run it twice and the latencies move with your machine. On a shared machine set
OPENBLAS_NUM_THREADS=1 (the script prints the thread setting it ran with).
"""
import argparse
import copy
import os
import time
from collections import Counter

import numpy as np

from tinytorch.capstone.tinymlperf import GATE_FRACTION, Generator, accuracy_gate, tinygpt_task
from tinytorch.core.tensor import current_matmul_kind
from tinytorch.core.transformer import load_tinygpt
from tinytorch.optimization.acceleration import Backend, use_backend
from tinytorch.optimization.compression import global_magnitude_prune, measure_sparsity
from tinytorch.optimization.quantization import SparseQuantizedLinear, model_size_bytes, quantize_model
from tinytorch.profiling.profiler import PerformanceProfiler


def build_stages(model, sparsity: float) -> dict:
    """The models of the tour, each a new object (the shipped model is never modified):
    float32, int8 (every Linear; Embedding and LayerNorm stay float32), and pruned then int8 (sparse where smaller)."""
    pruned, _ = global_magnitude_prune(model, sparsity, inplace=False)
    return {"float32": model,
            "int8": quantize_model(model, observer=None),
            f"pruned {sparsity:.0%} + int8": quantize_model(pruned, observer=None)}


def counted_kinds(fn) -> Counter:
    "Run fn() on a backend that counts every matmul it is handed, by kind (float / attention / int8)."
    kinds = Counter()

    def counting_matmul(a, b):
        kinds[current_matmul_kind()] += 1
        return np.matmul(a, b)

    with use_backend(Backend("counting", counting_matmul, kernel=counting_matmul)):
        fn()
    return kinds


def tour(new_tokens: int = 16, sparsity: float = 0.2, rounds: int = 5, n_prompts: int = 4, trace=None) -> dict:
    """Print the tour and return what it measured: {"stages": [per-stage dict], "comparison": rows of
    compare_optimizations, "kinds": {stage: Counter}, "categories": {region: {category: percent}}}."""
    started = time.perf_counter()
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(not set: all cores)')}")
    model, tokenizer = load_tinygpt()[:2]
    task = tinygpt_task(tokenizer)
    prompts = task.inputs[:n_prompts]                                    # int64 (n_prompts, 16)

    print("\n== 1. Where does the float32 forward pass spend its time?")
    profiler = PerformanceProfiler()
    with profiler.profile("float32 forward"):
        for _ in range(3):                        # 3 recorded runs (after one unrecorded warm-up): less noise
            model(prompts)
    profiler.report(top=8)

    print(f"\n== 2. Stages: KV cache, int8, pruning {sparsity:.0%} stored as sparse int8")
    models = build_stages(model, sparsity)
    stacked_name = f"pruned {sparsity:.0%} + int8"
    systems = {"float32, no cache": Generator(models["float32"], new_tokens),
               "float32 + KV cache": Generator(models["float32"], new_tokens, use_cache=True),
               "int8 + KV cache": Generator(models["int8"], new_tokens, use_cache=True),
               f"{stacked_name} + KV cache": Generator(models[stacked_name], new_tokens, use_cache=True)}
    model_of = dict(zip(systems, ["float32", "float32", "int8", stacked_name]))
    baseline_quality = task.quality(systems["float32, no cache"])
    stages = []
    for name, system in systems.items():
        quality = baseline_quality if name == "float32, no cache" else task.quality(system)
        m = models[model_of[name]]
        stages.append({"name": name, "bytes": model_size_bytes(m), "sparsity": measure_sparsity(m),
                       "sparse_layers": sum(isinstance(x, SparseQuantizedLinear) for x in m.modules()),
                       "quality": quality, "gate": accuracy_gate(quality, baseline_quality)})
    for s in stages:
        print(f"{s['name']:32s} {s['bytes']:>11,} B  weights {s['sparsity']:6.1%} zero  "
              f"{s['sparse_layers']:2d} sparse int8 layers  next-char accuracy {s['quality']:.2%}  "
              f"gate (>= {GATE_FRACTION:.0%} of {baseline_quality:.2%}): {'passed' if s['gate'] else 'FAILED'}")
    same = np.array_equal(systems["float32, no cache"](prompts), systems["float32 + KV cache"](prompts))
    print(f"KV cache: same greedy tokens as without it: {same}")

    print(f"\n== 3. Generation latency, {n_prompts} prompts x {new_tokens} new tokens, one interleaved run")
    rows = profiler.compare_optimizations(*[lambda s=s: s(prompts) for s in systems.values()],
                                          names=list(systems), repeats=rounds)
    medians = {r["name"]: r["median_ms"] for r in rows}
    int8_ms, stacked_ms = medians["int8 + KV cache"], medians[f"{stacked_name} + KV cache"]
    print(f"sparse int8 buys bytes, not speed, in NumPy: it rebuilds the dense codes on every call "
          f"({stacked_ms / int8_ms:.2f}x the dense int8 time in this run)")

    print("\n== 4. The stacked model, profiled again (forward of the prompts, 3 runs)")
    with profiler.profile("stacked forward"):
        for _ in range(3):
            models[stacked_name](prompts)
    profiler.report(top=8)
    kinds = {name: counted_kinds(lambda s=s: s(prompts)) for name, s in
             (("float32 + KV cache", systems["float32 + KV cache"]),
              (f"{stacked_name} + KV cache", systems[f"{stacked_name} + KV cache"]))}
    for name, counts in kinds.items():
        print(f"matmuls the backend saw, {name}: " + ", ".join(f"{k} {counts[k]}" for k in ("float", "attention", "int8")))
    if trace:
        print(f"Chrome/Perfetto trace of both profiled forwards: {profiler.export_chrome_trace(trace)}")
    print(f"\n(tour measured in {time.perf_counter() - started:.1f} s)")
    return {"stages": stages, "comparison": rows, "kinds": kinds,
            "categories": {name: profiler.category_percent(name) for name in profiler.results}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--new-tokens", type=int, default=16, help="tokens generated per prompt (default 16)")
    parser.add_argument("--sparsity", type=float, default=0.2, help="global pruning fraction in [0, 1) (default 0.2)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved timing rounds (default 5)")
    parser.add_argument("--trace", default=None, help="write a Chrome/Perfetto trace JSON here")
    args = parser.parse_args(argv)
    if not 0 <= args.sparsity < 1:
        parser.error(f"--sparsity must be in [0, 1), got {args.sparsity}")
    if args.new_tokens < 1 or args.rounds < 1:
        parser.error("--new-tokens and --rounds must be >= 1")
    tour(args.new_tokens, args.sparsity, args.rounds, trace=args.trace)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
