"""QuantizedConv2d.accumulator (static) never adds bias_q (neither the bias nor the fold)."""
CELL = "QuantizedConv2d"
REPLACE = [('acc += self.bias_q.data', 'pass')]
FAILS = ["test_QuantizedConv2d"]
