"""QATLinear.forward forgets the bias."""
CELL = "QATLinear"
REPLACE = [("return y if self.bias is None else y + self.bias", "return y")]
FAILS = ["test_QATLinear"]
