"""QuantizedConv2d.accumulator builds the weight matrix with reshape(-1, F) (wrong element order) instead of reshape(F, -1).T."""
CELL = "QuantizedConv2d"
REPLACE = [('w2d = self.weight_q.data.reshape(f, -1).T', 'w2d = self.weight_q.data.reshape(-1, f)')]
FAILS = ["test_QuantizedConv2d"]
