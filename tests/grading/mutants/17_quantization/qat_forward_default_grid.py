"""QATLinear.forward fake-quantizes with fake_quantize's defaults (4 bits, groups of 32), not the layer's own."""
CELL = "QATLinear"
REPLACE = [("y = x @ fake_quantize(self.weight, self.bits, self.group_size)", "y = x @ fake_quantize(self.weight)")]
FAILS = ["test_QATLinear"]
