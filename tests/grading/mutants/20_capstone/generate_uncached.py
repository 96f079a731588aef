"fast_generate recomputes the whole sequence at every step (no KV cache): right tokens, no speedup."
REPLACES = "fast_generate"
FAILS = ["test_fast_generate"]


def fast_generate(model, prompt, n_new):
    return generate(model, np.asarray(prompt, dtype=np.int64), n_new, use_cache=False, temperature=0.0)   # BUG
