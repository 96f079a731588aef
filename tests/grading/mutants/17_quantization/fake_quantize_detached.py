"""fake_quantize returns a plain Tensor of the dequantized values: no graph, so no gradient reaches the weights."""
CELL = "fake_quantize"
REPLACE = [("return _make(data, (x,), backward)", "return Tensor(data)")]
FAILS = ["test_fake_quantize", "test_QATLinear"]
