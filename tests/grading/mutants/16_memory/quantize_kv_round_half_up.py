"""x / scale rounded half up (floor(x + 0.5)), the school rule, not half to even."""
CELL = "quantize_kv"
REPLACE = [('codes = np.rint(x / scales[None, :, None, None])', 'codes = np.floor(x / scales[None, :, None, None] + 0.5)')]
FAILS = ['test_quantize_kv']
