"""Clips to the full int8 range [-128, 127]: the range is no longer symmetric."""
CELL = "quantize_kv"
REPLACE = [('np.clip(codes, -127, 127)', 'np.clip(codes, -128, 127)')]
FAILS = ['test_quantize_kv']
