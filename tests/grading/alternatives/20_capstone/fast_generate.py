# Alternative: the KV-cached greedy loop written out with kv_cache_for / cached_forward instead of generate().
### BEGIN SOLUTION
ids = np.asarray(prompt, dtype=np.int64).reshape(-1)
out = list(ids)
if n_new == 0:
    return ids.copy()
cache = kv_cache_for(model, 1, len(ids) + n_new)
with no_grad():
    logits = cached_forward(model, ids[None, :], cache).data
    for step in range(n_new):
        token = int(np.argmax(logits[0, -1]))
        out.append(token)
        if step + 1 < n_new:
            logits = cached_forward(model, np.array([[token]], dtype=np.int64), cache).data
return np.array(out, dtype=np.int64)
### END SOLUTION
