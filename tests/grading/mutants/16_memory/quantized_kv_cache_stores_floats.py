"""append hands the float keys and values to KVCache.append, whose int8 storage truncates them."""
CELL = "quantized_kv_cache"
REPLACE = [('super().append(layer, quantize_kv(k, self.key_scales[layer]), quantize_kv(v, self.value_scales[layer]))', 'super().append(layer, k, v)')]
FAILS = ['test_quantized_kv_cache']
