"""QATLinear.forward uses the float master weights directly (no fake quantization): plain fine-tuning."""
CELL = "QATLinear"
REPLACE = [("y = x @ fake_quantize(self.weight, self.bits, self.group_size)", "y = x @ self.weight")]
FAILS = ["test_QATLinear"]
