# Alternative: the KV cache filled by feeding the prompt one token at a time (no batched prefill: other float32
# summation order, the same greedy tokens), sized exactly len(prompt) + n_new, built fresh on every call.
### BEGIN SOLUTION
ids = [int(t) for t in np.asarray(prompt).reshape(-1)]
if n_new == 0:
    return np.array(ids, dtype=np.int64)
cache = kv_cache_for(model, 1, len(ids) + n_new)
with no_grad():
    for t in ids:
        logits = cached_forward(model, np.array([[t]], dtype=np.int64), cache).data
    for step in range(n_new):
        ids.append(int(logits[0, -1].argmax()))
        if step < n_new - 1:
            logits = cached_forward(model, np.array([[ids[-1]]], dtype=np.int64), cache).data
return np.array(ids, dtype=np.int64)
### END SOLUTION
