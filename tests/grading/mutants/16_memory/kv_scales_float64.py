"""Returns float64 scales (float64 division)."""
CELL = "kv_scales"
REPLACE = [('np.where(amax > 0, amax / 127, 1.0).astype(np.float32)', 'np.where(amax > 0, amax.astype(np.float64) / 127, 1.0)')]
FAILS = ['test_kv_scales']
