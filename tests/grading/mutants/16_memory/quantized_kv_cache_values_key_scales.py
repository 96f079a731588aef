"""Values are quantized with the key scales."""
CELL = "quantized_kv_cache"
REPLACE = [('quantize_kv(v, self.value_scales[layer])', 'quantize_kv(v, self.key_scales[layer])')]
FAILS = ['test_quantized_kv_cache']
