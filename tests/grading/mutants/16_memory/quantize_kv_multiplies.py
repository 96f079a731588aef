"""Multiplies by the scale instead of dividing (confuses quantize with dequantize)."""
CELL = "quantize_kv"
REPLACE = [('codes = np.rint(x / scales[None, :, None, None])', 'codes = np.rint(x * scales[None, :, None, None])')]
FAILS = ['test_quantize_kv']
