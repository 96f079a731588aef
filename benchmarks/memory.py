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
import time

import numpy as np

from tinytorch.core.transformer import load_tinygpt, tinygpt_val_ids
from tinytorch.generation.kv_cache import cached_forward, generate, kv_cache_bytes, kv_cache_for

TITLE = "Module 16 — memory (KV cache)"
PROMPT = "The quick brown fox "


def timed(fn):
    "(seconds, result) of one call."
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def generation_speedup(model, prompt, n_tokens: int, rounds: int) -> dict:
    "Median seconds of cached and uncached greedy generation of n_tokens, alternated round by round."
    generate(model, prompt, 8)                                    # warm-up
    generate(model, prompt, 8, use_cache=False)
    cached, uncached, same = [], [], True
    for r in range(rounds):
        order = (True, False) if r % 2 == 0 else (False, True)
        outputs = {}
        for use_cache in order:
            seconds, outputs[use_cache] = timed(lambda: generate(model, prompt, n_tokens, use_cache=use_cache))
            (cached if use_cache else uncached).append(seconds)
        same &= bool(np.array_equal(outputs[True], outputs[False]))   # may part at a float32 near-tie of logits
    c, u = float(np.median(cached)), float(np.median(uncached))
    return dict(name=f"cached vs uncached generation, {n_tokens} new tokens", measured=f"{u / c:.1f}x",
                target=">= 10x at 512 tokens", passed=u / c >= 10,
                notes=f"medians of {rounds}: uncached {u:.2f} s ({1e3 * u / n_tokens:.1f} ms/token), cached {c:.3f} s "
                      f"({1e3 * c / n_tokens:.2f} ms/token); identical tokens: {same}")


def flat_latency(model, tokens: np.ndarray, low: int, high: int, steps: int) -> dict:
    "Median ms of single-token cached steps at positions low.. and high.., alternating between the two caches."
    caches = {}
    for position in (low, high):
        caches[position] = kv_cache_for(model, batch=1)
        cached_forward(model, tokens[:, :position], caches[position])            # prefill, not timed
    samples = {low: [], high: []}
    for i in range(steps + 1):                                                   # step 0 is a warm-up
        for position in ((low, high) if i % 2 == 0 else (high, low)):
            t = position + i
            seconds, _ = timed(lambda: cached_forward(model, tokens[:, t:t + 1], caches[position]))
            if i > 0:
                samples[position].append(seconds)
    ms = {p: 1e3 * float(np.median(s)) for p, s in samples.items()}
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
