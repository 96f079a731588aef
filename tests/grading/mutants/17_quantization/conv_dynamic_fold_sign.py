"""QuantizedConv2d.accumulator (dynamic) adds z_x * weight_sum instead of subtracting it."""
CELL = "QuantizedConv2d"
REPLACE = [('acc -= np.int32(z_x) * self.weight_sum.data', 'acc += np.int32(z_x) * self.weight_sum.data')]
FAILS = ["test_QuantizedConv2d"]
