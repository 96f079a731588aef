"""Dequantizes in float64 (a float64 scale): get returns float64 and attention runs in float64."""
CELL = "quantized_kv_cache"
REPLACE = [('k_codes.astype(np.float32) * self.key_scales[layer][None, :, None, None]', 'k_codes * self.key_scales[layer].astype(np.float64)[None, :, None, None]')]
FAILS = ['test_quantized_kv_cache']
