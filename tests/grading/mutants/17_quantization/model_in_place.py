"""quantize_model modifies the caller's model instead of a copy."""
CELL = "quantize_model"
REPLACE = [("qmodel = copy.deepcopy(model)", "qmodel = model")]
FAILS = ["test_quantize_model"]
