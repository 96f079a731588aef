"""Timing shared by the module benchmarks (files starting with `_` are not benchmarks: run.py skips them)."""
import contextlib
import time

import numpy as np


def interleaved_medians(variants: dict, rounds: int, inner: int = 1, contexts: dict = None) -> dict:
    """Median seconds per call of each `variants[name]()`; each round times every variant once (`inner` calls
    per sample, for calls too short to time alone), rotating the order between rounds. One warm-up call each.
    `contexts[name]()` (optional) returns a context manager entered around that variant's samples, untimed."""
    names = list(variants)
    contexts = contexts or {}
    samples = {name: [] for name in names}
    for r in range(-1, rounds):                       # round -1 is the warm-up, not recorded
        for name in names[r % len(names):] + names[:r % len(names)]:
            fn = variants[name]
            with contexts.get(name, contextlib.nullcontext)():
                start = time.perf_counter()
                for _ in range(inner if r >= 0 else 1):
                    fn()
                elapsed = time.perf_counter() - start
            if r >= 0:
                samples[name].append(elapsed / inner)
    return {name: float(np.median(s)) for name, s in samples.items()}
