"""The value scales are computed from the keys."""
CELL = "kv_scales"
REPLACE = [('np.abs(cache.get(layer)[which])', 'np.abs(cache.get(layer)[0])')]
FAILS = ['test_kv_scales']
