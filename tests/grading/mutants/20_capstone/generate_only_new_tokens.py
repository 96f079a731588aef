"fast_generate returns only the new tokens, without the prompt."
REPLACES = "fast_generate"
FAILS = ["test_fast_generate"]


def fast_generate(model, prompt, n_new):
    prompt = np.asarray(prompt, dtype=np.int64)
    return generate(model, prompt, n_new, use_cache=True, temperature=0.0)[len(prompt):]   # BUG: prompt dropped
