"fast_generate samples at temperature 1 instead of decoding greedily."
REPLACES = "fast_generate"
FAILS = ["test_fast_generate"]


def fast_generate(model, prompt, n_new):
    return generate(model, np.asarray(prompt, dtype=np.int64), n_new, use_cache=True, temperature=1.0, seed=0)  # BUG
