"""Module 16 performance targets, measured on this machine in one run (not tests: timing depends on the machine).

On the shipped TinyGPT (`load_tinygpt()`), greedy decoding, batch 1:
1. cached generation (`generate(..., use_cache=True)`) is >= 10x faster than uncached (`use_cache=False`) for
   512 generated tokens (the reference course this module follows measured 1.04x: a cache that concatenates and
   per-token Python overhead ate the gain);
2. the per-token latency of a cached step is flat: at position 512 it is <= 2x that at position 64.

Method: whole generations, cached and uncached, alternate round by round (so slow drifts of the machine hit both);
medians and their ratio come from the same run. The per-token latencies time single-token `cached_forward` steps on
two caches prefilled to 64 and 512 tokens, alternating between them step by step (each step advances its cache by
one position, so the positions measured are 64..64+steps and 512..512+steps). Whether both generations emit
identical tokens is reported in the notes (they compute the same logits up to float32 rounding, so they can only
part at a near-tie; tests/generation checks the logits to 1e-5).

    python benchmarks/memory.py [--quick]      # quick: 128 tokens, fewer rounds
"""
import sys

import numpy as np

from tinytorch.core.timing import median_times
from tinytorch.core.transformer import load_tinygpt, tinygpt_val_ids
from tinytorch.generation.kv_cache import cached_forward, generate, kv_cache_bytes, kv_cache_for

TITLE = "Module 16 — memory (KV cache)"
PROMPT = "The quick brown fox "


def generation_speedup(model, prompt, n_tokens: int, rounds: int) -> dict:
    "Median seconds of cached and uncached greedy generation of n_tokens, alternated round by round."
    generate(model, prompt, 8)                                    # warm-up: short, an uncached 512 would cost seconds
    generate(model, prompt, 8, use_cache=False)
    outputs = {True: [], False: []}

    def generation(use_cache: bool):
        "One greedy generation; its tokens are kept to compare the two paths round by round."
        outputs[use_cache].append(generate(model, prompt, n_tokens, use_cache=use_cache))

    secs = median_times({True: lambda: generation(True), False: lambda: generation(False)}, repeats=rounds,
                        warmup=0, order="rotate")
    c, u = secs[True], secs[False]
    same = all(np.array_equal(a, b) for a, b in zip(outputs[True], outputs[False]))   # may part at a near-tie of logits
    return dict(name=f"cached vs uncached generation, {n_tokens} new tokens", measured=f"{u / c:.1f}x",
                target=">= 10x at 512 tokens", passed=u / c >= 10,
                notes=f"medians of {rounds}: uncached {u:.2f} s ({1e3 * u / n_tokens:.1f} ms/token), cached {c:.3f} s "
                      f"({1e3 * c / n_tokens:.2f} ms/token); identical tokens: {same}")


def flat_latency(model, tokens: np.ndarray, low: int, high: int, steps: int) -> dict:
    "Median ms of single-token cached steps at positions low.. and high.., alternating between the two caches."
    caches, steps_done = {}, {}
    for position in (low, high):
        caches[position] = kv_cache_for(model, batch=1)
        cached_forward(model, tokens[:, :position], caches[position])            # prefill, not timed
        steps_done[position] = 0

    def step(position):
        "One cached token at the next position of this cache (the warm-up call is its first step)."
        t = position + steps_done[position]
        cached_forward(model, tokens[:, t:t + 1], caches[position])
        steps_done[position] += 1

    secs = median_times({p: (lambda p=p: step(p)) for p in (low, high)}, repeats=steps, warmup=1, order="rotate")
    ms = {p: 1e3 * s for p, s in secs.items()}
    ratio = ms[high] / ms[low]
    return dict(name=f"cached per-token latency, position {high} / position {low}", measured=f"{ratio:.2f}x",
                target="<= 2x", passed=ratio <= 2.0,
                notes=f"medians of {steps} steps: {ms[low]:.2f} ms at {low}..{low + steps}, "
                      f"{ms[high]:.2f} ms at {high}..{high + steps}")


def run(quick: bool = False) -> list:
    model, tokenizer = load_tinygpt()
    prompt = tokenizer.encode(PROMPT)
    n_tokens = 128 if quick else 512
    tokens = tinygpt_val_ids(tokenizer)[None, :600]                  # held-out text from the shipped corpus
    attn = model.blocks[0].attn
    cache_mib = kv_cache_bytes(len(model.blocks), 1, attn.n_heads, attn.head_dim, model.max_len, 4) / 2**20
    rows = [generation_speedup(model, prompt, n_tokens, rounds=1 if quick else 3),
            flat_latency(model, tokens, 64, 512, steps=15 if quick else 41)]
    rows[0]["notes"] += f"; KV cache for max_len={model.max_len}: {cache_mib:.2f} MiB (float32)"
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(f"{'PASS' if row['passed'] else 'FAIL'}  {row['name']}: {row['measured']} (target {row['target']})  "
              f"{row['notes']}")
