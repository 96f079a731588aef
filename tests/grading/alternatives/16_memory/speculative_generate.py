# Alternative: tokens kept in a Python list, the accepted count from the first mismatch (np.argmin over a match
# vector), counters in locals, the rollbacks written as lengths computed before the update of n.
### BEGIN SOLUTION
rows = generation_prompt(prompt_tokens, max_new_tokens, 0.0, target.max_len)
if len(rows) != 1:
    raise ValueError(f"speculative_generate: batch must be 1, got a prompt of {len(rows)} rows")
k = _check_size("k", k)
if draft.config["vocab_size"] != target.config["vocab_size"]:
    raise ValueError("speculative_generate: draft and target must share the vocabulary, got vocab_size "
                     f"{draft.config['vocab_size']} and {target.config['vocab_size']}")
seq = [int(t) for t in rows[0]]
total = len(seq) + max_new_tokens
if total > draft.max_len:
    raise ValueError(f"speculative_generate: {total} positions, but the draft's max_len is {draft.max_len}")
target_cache, draft_cache = kv_cache_for(target, 1, total), kv_cache_for(draft, 1, total)
rounds = proposed = accepted = 0
with no_grad():
    while len(seq) < total:
        n = len(seq)
        kk = min(k, total - n - 1)
        proposals = []
        for _ in range(kk):
            fresh = np.array([(seq + proposals)[draft_cache.length:]], dtype=np.int64)
            proposals.append(int(np.argmax(cached_forward(draft, fresh, draft_cache).data[0, -1])))
        fresh = np.array([(seq + proposals)[target_cache.length:]], dtype=np.int64)
        choice = cached_forward(target, fresh, target_cache).data[0, len(fresh[0]) - kk - 1:].argmax(axis=-1)
        match = np.array(proposals + [-1]) == choice
        a = int(np.argmin(match))                           # first mismatch (the sentinel -1 never matches)
        seq += proposals[:a] + [int(choice[a])]
        target_cache.truncate(n + a)
        draft_cache.truncate(min(draft_cache.length, n + a))
        rounds, proposed, accepted = rounds + 1, proposed + kk, accepted + a
out = np.array([seq], dtype=np.int64)
stats = {"rounds": rounds, "proposed": proposed, "accepted": accepted, "draft_steps": proposed,
         "acceptance_rate": accepted / proposed if proposed > 0 else 0.0}
return (out[0] if np.ndim(prompt_tokens) == 1 else out), stats
### END SOLUTION
