"""The PyTorch peer: each optimization of modules 15-18 measured the same way in tinytorch and in PyTorch (CPU).

Rows (same shapes, same weights, same inputs on both sides; tinytorch's value / PyTorch's value in the last column):
1. fp32 Linear(512 -> 512) forward at batch 64, latency (tinytorch `no_grad()`, torch `inference_mode()`);
2. fp32 matmul 512^3, GFLOP/s (tinytorch `Tensor @ Tensor` on its default np.matmul kernel vs `torch.mm`);
3. int8 dynamic Linear(512 -> 512), batch 64: tinytorch `QuantizedLinear` (dynamic, per-channel weights) vs
   `torch.ao.quantization.quantize_dynamic` (per-channel qconfig), latency and stored bytes;
4. TinyGPT KV-cached greedy decoding, tokens/s: tinytorch.generation.kv_cache.generate vs the hand-written torch
   KV-cached decoder of benchmarks/_torch_tinygpt.py with the same weights (the tokens are checked to be equal);
5. pruning a Linear(1024 -> 1024) at batch 64: 70 % unstructured (tinytorch magnitude_prune + CSR `csr_matmul` vs
   `torch.nn.utils.prune.l1_unstructured` + a `torch.sparse_csr` matmul; the masks are checked to be equal) and 50 %
   structured (tinytorch `structured_prune` of a 1024-1024-1024 MLP vs the same neurons chosen by
   `torch.nn.utils.prune.ln_structured` and cut out of torch Linears).

Both libraries get the same number of threads, one by default (see THREADS): the rows are measured in a subprocess
started with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS set, and torch.set_num_threads(NumPy's BLAS
threads) inside it; RESULTS.md states both. Timings interleave tinytorch and torch call by call (interleaved_samples
of tinytorch.core.timing, after warm-up rounds); medians, and ratios from the same rounds. PyTorch is optional
(`pip install torch==2.13.0`, CPU build): without it the tinytorch column is still measured and the PyTorch column
says "not installed".

    python benchmarks/peers.py [--quick]
"""
import io
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np

from tinytorch.core import nn
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.core.timing import interleaved_samples
from tinytorch.core.transformer import load_tinygpt
from tinytorch.generation.kv_cache import generate
from tinytorch.optimization.compression import csr_matmul, magnitude_prune, structured_prune, to_csr
from tinytorch.optimization.quantization import QuantizedLinear, model_size_bytes

try:
    import torch
except ImportError:             # optional peer: the rows say "not installed"
    torch = None

TITLE = "PyTorch peer (tinytorch / PyTorch, same run)"
PROMPT = "The quick brown fox "
NOT_INSTALLED = "not installed"
# One thread each by default: on a small shared machine, two libraries' multi-threaded pools (OpenBLAS and torch's
# OpenMP, both spinning while they wait for work) called turn by turn fight over the cores; we measured 10-60x
# slowdowns of a 512x512 Linear with 2 + 2 threads on 2 cores. Single-threaded, each call gets a whole core.
THREADS = 1
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
LAST_DESCRIPTION = None    # set by run(): torch version and the threads both sides used


def numpy_blas_threads() -> tuple:
    "(threads NumPy's BLAS uses, where that number comes from)."
    try:
        from threadpoolctl import threadpool_info
        counts = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
        if counts:
            return counts[0], "threadpoolctl"
    except ImportError:
        pass
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var]), var
    return os.cpu_count() or 1, "OpenBLAS default: one per logical core"


def describe() -> str:
    """One line for RESULTS.md: torch version and the thread counts both sides used (or 'not installed'); after
    run(), the line its measuring subprocess wrote."""
    if LAST_DESCRIPTION is not None:
        return LAST_DESCRIPTION
    threads, source = numpy_blas_threads()
    if torch is None:
        return (f"PyTorch: {NOT_INSTALLED} (`pip install torch==2.13.0`, CPU build; `make test` installs it when the "
                f"local CPU wheel is available). NumPy BLAS threads: {threads} ({source}).")
    return (f"PyTorch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()}, set equal to NumPy's "
            f"BLAS threads: {threads} ({source}); quantized engine {torch.backends.quantized.engine}. Timings: "
            "tinytorch / PyTorch is the median over rounds of the per-round ratio (each round runs both back to "
            "back; for GFLOP/s and tokens/s, tinytorch's speed / PyTorch's), so it can differ slightly from the "
            "ratio of the two medians shown.")


def medians(samples: dict) -> dict:
    "{name: median seconds} of interleaved_samples() samples."
    return {name: float(np.median(s)) for name, s in samples.items()}


def paired_ratio(samples: dict, a: str, b: str) -> float:
    """Median over rounds of t_a / t_b: each round timed a and b back to back, so a burst of load from other programs
    hits both alike (steadier than a ratio of two medians on a busy machine)."""
    return float(np.median(samples[a] / samples[b]))


def peer_row(name: str, ours: float, theirs, unit: str, notes: str, digits: int = 0, ratio: float = None) -> dict:
    """A row: tinytorch's and PyTorch's value of one metric (theirs None = torch not installed) and tinytorch /
    PyTorch: `ratio` if given (a paired ratio of timings), else ours / theirs. `measured`/`target`/`passed` let
    benchmarks/run.py print it like every other row (a peer has no target)."""
    if theirs is not None and ratio is None:
        ratio = ours / theirs
    ratio = f"{ratio:.2f}x" if theirs is not None else "n/a"
    return dict(name=name, peer=True, tinytorch=f"{ours:,.{digits}f} {unit}",
                torch=f"{theirs:,.{digits}f} {unit}" if theirs is not None else NOT_INSTALLED,
                ratio=ratio, measured=ratio, target="(peer: reported, no target)", passed=True, notes=notes)


def torch_linear_from(layer: nn.Linear):
    "A torch.nn.Linear computing the same x @ W + b as a tinytorch Linear (weight transposed to (out, in))."
    peer = torch.nn.Linear(layer.in_features, layer.out_features)
    with torch.no_grad():
        peer.weight.copy_(torch.from_numpy(np.ascontiguousarray(layer.weight.data.T)))
        peer.bias.copy_(torch.from_numpy(layer.bias.data))
    return peer


def peer_call(fn):
    "fn run under torch.inference_mode() (no autograd records, as tinytorch's no_grad())."
    def call():
        with torch.inference_mode():
            return fn()
    return call


def linear_rows(quick: bool) -> list:
    "fp32 Linear latency and matmul GFLOP/s."
    nn.manual_seed(0)
    layer = nn.Linear(512, 512)
    x = np.random.default_rng(1).standard_normal((64, 512)).astype(np.float32)
    a, b = (np.random.default_rng(s).standard_normal((512, 512)).astype(np.float32) for s in (2, 3))
    fns = {"linear": lambda: layer(Tensor(x)), "matmul": lambda: Tensor(a) @ Tensor(b)}
    if torch is not None:
        peer, xt, at, bt = torch_linear_from(layer), torch.from_numpy(x), torch.from_numpy(a), torch.from_numpy(b)
        fns.update({"torch linear": peer_call(lambda: peer(xt)), "torch matmul": peer_call(lambda: torch.mm(at, bt))})
        with no_grad(), torch.inference_mode():
            error = float(np.abs(peer(xt).numpy() - layer(Tensor(x)).data).max())
    with no_grad():
        samples = interleaved_samples(fns, repeats=21 if quick else 201, warmup=3)
    secs, theirs = medians(samples), torch is not None
    gflops = {k: 2 * 512 ** 3 / secs[k] / 1e9 for k in secs if k.endswith("matmul")}
    return [peer_row("fp32 Linear(512, 512) forward, batch 64: latency", secs["linear"] * 1e6,
                     secs["torch linear"] * 1e6 if theirs else None, "us",
                     "tinytorch Linear under no_grad (np.matmul + bias) vs torch.nn.Linear under inference_mode"
                     + (f"; max abs output difference {error:.1e}" if theirs else ""),
                     ratio=paired_ratio(samples, "linear", "torch linear") if theirs else None),
            peer_row("fp32 matmul 512x512 @ 512x512: throughput", gflops["matmul"],
                     gflops["torch matmul"] if theirs else None, "GFLOP/s",
                     f"tinytorch Tensor @ Tensor (no_grad) {secs['matmul'] * 1e3:.2f} ms"
                     + (f" vs torch.mm {secs['torch matmul'] * 1e3:.2f} ms" if theirs else ""),
                     ratio=paired_ratio(samples, "torch matmul", "matmul") if theirs else None)]


def torch_dynamic_int8(layer: nn.Linear):
    "(quantized torch module, its weight+qparams+bias bytes, its serialized state_dict bytes)."
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # torch.ao's deprecation notices, printed on every call
        qmodel = quantize_dynamic(torch.nn.Sequential(torch_linear_from(layer)),
                                  {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)
    w = qmodel[0].weight()
    payload = (w.int_repr().numel() + w.q_per_channel_scales().nbytes + w.q_per_channel_zero_points().nbytes
               + qmodel[0].bias().nbytes)
    buffer = io.BytesIO()
    torch.save(qmodel.state_dict(), buffer)
    return qmodel, payload, len(buffer.getvalue())


def int8_rows(quick: bool) -> list:
    "Dynamic int8 Linear(512, 512), batch 64: latency and stored bytes."
    nn.manual_seed(0)
    layer = nn.Linear(512, 512)
    x = np.random.default_rng(1).standard_normal((64, 512)).astype(np.float32)
    qlayer = QuantizedLinear.from_float(layer, observer=None)             # dynamic, per-channel symmetric weights
    fns = {"int8": lambda: qlayer(Tensor(x)), "fp32": lambda: layer(Tensor(x))}
    theirs = torch is not None
    if theirs:
        qpeer, payload, serialized = torch_dynamic_int8(layer)
        peer, xt = torch_linear_from(layer), torch.from_numpy(x)
        fns.update({"torch int8": peer_call(lambda: qpeer(xt)), "torch fp32": peer_call(lambda: peer(xt))})
    with no_grad():
        samples = interleaved_samples(fns, repeats=21 if quick else 201, warmup=3)
        reference = layer(Tensor(x)).data
        errors = {"tinytorch": np.abs(qlayer(Tensor(x)).data - reference).max()}
        if theirs:
            with torch.inference_mode():
                errors["torch"] = np.abs(qpeer(xt).numpy() - reference).max()
    secs, span, ours_bytes = medians(samples), np.abs(reference).max(), model_size_bytes(qlayer)
    speed = f"int8/fp32 latency: tinytorch {paired_ratio(samples, 'int8', 'fp32'):.2f}x"
    speed += f", torch {paired_ratio(samples, 'torch int8', 'torch fp32'):.2f}x" if theirs else ""
    error = "; max abs output error / max abs output: " + ", ".join(f"{k} {v / span:.2%}" for k, v in errors.items())
    if theirs:      # why torch's error is larger: its fbgemm/x86 dynamic Linear uses 7-bit activations
        error += " (torch's dynamic Linear quantizes activations with reduce_range=True, 7 bits)"
    return [peer_row("int8 dynamic Linear(512, 512), batch 64: latency", secs["int8"] * 1e6,
                     secs["torch int8"] * 1e6 if theirs else None, "us",
                     "tinytorch QuantizedLinear.from_float(observer=None) vs torch.ao.quantization.quantize_dynamic "
                     "(per-channel qconfig); " + speed + error,
                     ratio=paired_ratio(samples, "int8", "torch int8") if theirs else None),
            peer_row("int8 dynamic Linear(512, 512): stored bytes", ours_bytes, payload if theirs else None, "B",
                     "tinytorch: int8 codes + float32 scales + float32 bias + int32 column sums (model_size_bytes); "
                     "torch: int8 codes + per-channel float64 scales + int64 zero points + float32 bias"
                     + (f"; torch.save(state_dict) {serialized:,} B" if theirs else ""))]


def decode_rows(quick: bool) -> list:
    "TinyGPT KV-cached greedy decoding, tokens/s, whole generations alternating between the libraries."
    model, tokenizer = load_tinygpt()
    prompt = tokenizer.encode(PROMPT)
    n_new = 32 if quick else 256
    fns = {"tinytorch": lambda: generate(model, prompt, n_new, use_cache=True)}
    if torch is not None:
        from _torch_tinygpt import TorchTinyGPT, generate_greedy
        port = TorchTinyGPT.from_tinytorch(model)
        fns["torch"] = lambda: generate_greedy(port, prompt, n_new, use_cache=True)
    samples = interleaved_samples(fns, repeats=1 if quick else 5, warmup=1)
    secs = medians(samples)
    rate = {k: n_new / s for k, s in secs.items()}
    same = f"; identical tokens: {np.array_equal(fns['tinytorch'](), fns['torch']())}" if "torch" in fns else ""
    return [peer_row(f"TinyGPT KV-cached greedy decoding, {n_new} new tokens: throughput", rate["tinytorch"],
                     rate.get("torch"), "tokens/s",
                     f"batch 1, prompt {len(prompt)} tokens, prefill included; tinytorch {secs['tinytorch']:.3f} s"
                     + (f", torch port (benchmarks/_torch_tinygpt.py) {secs['torch']:.3f} s" if "torch" in secs else "")
                     + same, ratio=paired_ratio(samples, "torch", "tinytorch") if "torch" in secs else None)]


def torch_unstructured(weight_in_out: np.ndarray, amount: float):
    "(torch keep-mask in tinytorch's (in, out) layout, the pruned torch weight (out, in) as sparse CSR)."
    from torch.nn.utils import prune
    peer = torch.nn.Linear(*weight_in_out.shape, bias=False)
    with torch.no_grad():
        peer.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight_in_out.T)))
    prune.l1_unstructured(peer, "weight", amount=amount)
    return peer.weight_mask.numpy().T.astype(bool), peer.weight.detach().to_sparse_csr()


def torch_structured_mlp(model: nn.Sequential, fraction: float):
    "(torch MLP with the neurons torch's ln_structured keeps cut out of model[0] and model[2], kept indices)."
    from torch.nn.utils import prune
    first, second = torch_linear_from(model[0]), torch_linear_from(model[2])
    prune.ln_structured(first, "weight", amount=fraction, n=1, dim=0)       # rows of (out, in) = output neurons
    keep = np.flatnonzero(first.weight_mask[:, 0].numpy())
    small_first, small_second = torch.nn.Linear(first.in_features, keep.size), torch.nn.Linear(keep.size,
                                                                                               second.out_features)
    with torch.no_grad():
        small_first.weight.copy_(first.weight_orig[keep])
        small_first.bias.copy_(first.bias[keep])
        small_second.weight.copy_(second.weight[:, keep])
        small_second.bias.copy_(second.bias)
    return torch.nn.Sequential(small_first, torch.nn.ReLU(), small_second), keep


def pruning_rows(quick: bool) -> list:
    """70 % unstructured pruning (CSR matmul) of Linear(1024, 1024) and 50 % structured pruning of the hidden layer of
    an MLP 1024-1024-1024, batch 64: latency. Dense baselines of both libraries are reported in the notes."""
    nn.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 1024))
    x = np.random.default_rng(4).standard_normal((64, 1024)).astype(np.float32)
    weight, bias = mlp[0].weight.data, mlp[0].bias.data
    mask = magnitude_prune(weight, 0.7)
    masked = weight * mask
    csr, small = to_csr(masked), structured_prune(mlp, 0, 0.5)
    fns = {"csr": lambda: csr_matmul(x, csr) + bias, "zeros": lambda: x @ masked + bias,
           "structured": lambda: small(Tensor(x)), "dense": lambda: mlp(Tensor(x))}
    theirs = torch is not None
    checks = {"unstructured": "", "structured": ""}
    if theirs:
        torch_mask, sparse = torch_unstructured(weight, 0.7)
        torch_small, torch_keep = torch_structured_mlp(mlp, 0.5)
        torch_mlp = torch.nn.Sequential(torch_linear_from(mlp[0]), torch.nn.ReLU(), torch_linear_from(mlp[2]))
        xt, bt, zeros_t = torch.from_numpy(x), torch.from_numpy(bias), torch.from_numpy(masked)
        xt_t = xt.T.contiguous()             # a contiguous right operand: the CSR kernel is ~25x slower without
        fns.update({"torch csr": peer_call(lambda: (sparse @ xt_t).T + bt),
                    "torch zeros": peer_call(lambda: xt @ zeros_t + bt),
                    "torch structured": peer_call(lambda: torch_small(xt)),
                    "torch dense": peer_call(lambda: torch_mlp(xt))})
        checks = {"unstructured": f"; mask equal to torch's l1_unstructured: {np.array_equal(mask, torch_mask)}",
                  "structured": "; tinytorch kept the neurons torch's ln_structured keeps: "
                                f"{np.array_equal(small[0].weight.data, weight[:, torch_keep])}"}
    with no_grad():
        samples = interleaved_samples(fns, repeats=5 if quick else 41, warmup=3)
    ms = {k: v * 1e3 for k, v in medians(samples).items()}

    def baseline(key):
        return f"tinytorch {ms[key]:.2f} ms" + (f", torch {ms['torch ' + key]:.2f} ms" if theirs else "")

    return [peer_row("70 % unstructured pruning, Linear(1024, 1024), batch 64: CSR matmul latency", ms["csr"],
                     ms.get("torch csr"), "ms",
                     "tinytorch magnitude_prune + to_csr + csr_matmul vs torch l1_unstructured + to_sparse_csr() "
                     f"@ x.T; dense with zeros: {baseline('zeros')}" + checks["unstructured"], digits=2,
                     ratio=paired_ratio(samples, "csr", "torch csr") if theirs else None),
            peer_row("50 % structured pruning, MLP 1024-1024-1024 -> 1024-512-1024, batch 64: latency",
                     ms["structured"], ms.get("torch structured"), "ms",
                     "tinytorch structured_prune vs the same neurons cut out of torch Linears; unpruned MLP: "
                     f"{baseline('dense')}" + checks["structured"], digits=2,
                     ratio=paired_ratio(samples, "structured", "torch structured") if theirs else None)]


def measure_rows(quick: bool) -> dict:
    "{'describe': thread/version line, 'rows': every peer row}, measured in this process."
    if torch is not None:
        torch.set_num_threads(numpy_blas_threads()[0])                # the same thread count on both sides
    here = str(Path(__file__).resolve().parent)                       # for _torch_tinygpt, next to this file
    if here not in sys.path:
        sys.path.append(here)
    rows = [*linear_rows(quick), *int8_rows(quick), *decode_rows(quick), *pruning_rows(quick)]
    return {"describe": describe(), "rows": rows}


def run(quick: bool = False, threads: int = THREADS) -> list:
    """Measure every peer row in a subprocess whose NumPy BLAS and torch both use `threads` threads (set before
    either library loads). Returns the rows; the description of versions and threads goes to LAST_DESCRIPTION."""
    global LAST_DESCRIPTION
    env = dict(os.environ, **{var: str(threads) for var in THREAD_VARIABLES})
    args = [sys.executable, str(Path(__file__).resolve()), "--rows-json"] + (["--quick"] if quick else [])
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True, timeout=1800)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    LAST_DESCRIPTION = result["describe"]
    return result["rows"]


if __name__ == "__main__":
    if "--rows-json" in sys.argv[1:]:                                 # the measuring subprocess of run()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")                           # torch's beta/deprecation notices
            print(json.dumps(measure_rows(quick="--quick" in sys.argv[1:])))
        sys.exit(0)
    rows = run(quick="--quick" in sys.argv[1:])
    print(LAST_DESCRIPTION)
    for row in rows:
        print(f"{row['name']}: tinytorch {row['tinytorch']}, PyTorch {row['torch']}, ratio {row['ratio']}"
              f"\n      {row['notes']}")
