"""quantize_model_int4 looks only at the model's direct children: Linears inside blocks are missed."""
CELL = "quantize_model_int4"
REPLACE = [("for module in qmodel.modules():", "for module in qmodel.children():")]
FAILS = ["test_quantize_model_int4"]
