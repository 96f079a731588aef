"""A head whose keys are all 0 gets scale 0 (quantizing then divides by zero)."""
CELL = "kv_scales"
REPLACE = [('np.where(amax > 0, amax / 127, 1.0)', '(amax / 127)')]
FAILS = ['test_kv_scales']
