"""QuantizedConv2d.from_float scales the bias by s_w only (rint(b / s_w)), forgetting s_x."""
CELL = "QuantizedConv2d"
REPLACE = [('np.rint(b / (layer.input_scale * layer.weight_scale.data))', 'np.rint(b / layer.weight_scale.data)')]
FAILS = ["test_QuantizedConv2d"]
