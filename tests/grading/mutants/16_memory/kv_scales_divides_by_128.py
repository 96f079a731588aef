"""max / 128 (the int8 range's size) instead of max / 127: the largest value is not coded 127."""
CELL = "kv_scales"
REPLACE = [('amax / 127', 'amax / 128')]
FAILS = ['test_kv_scales']
