"""quantize_model_int4 converts the caller's model even when inplace=False."""
CELL = "quantize_model_int4"
REPLACE = [("qmodel = model if inplace else copy.deepcopy(model)", "qmodel = model")]
FAILS = ["test_quantize_model_int4"]
