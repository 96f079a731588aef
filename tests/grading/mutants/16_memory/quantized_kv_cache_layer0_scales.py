"""Every layer is quantized with layer 0's scales."""
CELL = "quantized_kv_cache"
REPLACE = [('quantize_kv(k, self.key_scales[layer]), quantize_kv(v, self.value_scales[layer])', 'quantize_kv(k, self.key_scales[0]), quantize_kv(v, self.value_scales[0])')]
FAILS = ['test_quantized_kv_cache']
