"""Always proposes k tokens and crops at the end: near the end it verifies tokens past max_new_tokens."""
CELL = "speculative_generate"
REPLACE = [('kk = min(k, total - n - 1)', 'kk = k'), ('out = np.empty((1, total), dtype=np.int64)', 'out = np.empty((1, total + k + 1), dtype=np.int64)'), ('tc, dc = kv_cache_for(target, 1, total), kv_cache_for(draft, 1, total)', 'tc, dc = kv_cache_for(target, 1, total + k + 1), kv_cache_for(draft, 1, total + k + 1)'), ('return (out[0] if', 'out = out[:, :total]\n    return (out[0] if')]
FAILS = ['test_speculative_generate']
