"fast_generate allocates its KV cache for a fixed 256 positions (enough for the 16 + 96 of the timing test): longer prompts fail; the spec covers every prompt with P + n_new <= model.max_len."
REPLACES = "fast_generate"
FAILS = ["test_fast_generate"]


def fast_generate(model, prompt, n_new):
    ids = np.asarray(prompt, dtype=np.int64)
    cache = kv_cache_for(model, 1, 256)                              # BUG: fixed size
    out = list(ids)
    with no_grad():
        logits = cached_forward(model, ids[None, :], cache).data
        for step in range(n_new):
            out.append(int(np.argmax(logits[0, -1])))
            if step + 1 < n_new:
                logits = cached_forward(model, np.array([[out[-1]]], dtype=np.int64), cache).data
    return np.array(out, dtype=np.int64)
