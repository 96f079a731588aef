"""The largest value, not the largest magnitude: a head whose keys are mostly negative gets too small a scale."""
CELL = "kv_scales"
REPLACE = [('np.abs(cache.get(layer)[which]).max(axis=(0, 2, 3))', 'cache.get(layer)[which].max(axis=(0, 2, 3))')]
FAILS = ['test_kv_scales']
