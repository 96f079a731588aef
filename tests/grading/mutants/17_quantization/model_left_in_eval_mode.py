"""quantize_model leaves the copy in eval mode: the spec says the returned model is in the mode the original was in."""
CELL = "quantize_model"
REPLACE = [("            qmodel.train(was_training)\n", "            pass   # BUG: mode not restored\n")]
FAILS = ["test_quantize_model"]
