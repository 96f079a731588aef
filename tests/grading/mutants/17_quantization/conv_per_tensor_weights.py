"""QuantizedConv2d.from_float always uses one scale for the whole weight tensor, even with per_channel=True."""
CELL = "QuantizedConv2d"
REPLACE = [('        if per_channel:\n            w_q, w_scale, _ = quantize_per_channel(w, axis=0,', '        if False:\n            w_q, w_scale, _ = quantize_per_channel(w, axis=0,')]
FAILS = ["test_QuantizedConv2d"]
