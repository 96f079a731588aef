"""The scales broadcast over the last axis (head_dim) instead of the heads axis."""
CELL = "quantize_kv"
REPLACE = [('codes = np.rint(x / scales[None, :, None, None])', 'codes = np.rint(x / scales)')]
FAILS = ['test_quantize_kv']
