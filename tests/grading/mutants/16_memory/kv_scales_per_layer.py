"""One scale per layer (max over all heads), repeated for every head."""
CELL = "kv_scales"
REPLACE = [('np.abs(cache.get(layer)[which]).max(axis=(0, 2, 3))', 'np.abs(cache.get(layer)[which]).max() * np.ones(cache.n_heads, np.float32)')]
FAILS = ['test_kv_scales']
