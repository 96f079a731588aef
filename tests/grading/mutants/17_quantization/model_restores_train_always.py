"""quantize_model switches the copy back to training mode after calibration whatever the original's mode: the spec
says the returned model is in the original's mode (an original in eval mode must give an eval-mode copy)."""
CELL = "quantize_model"
REPLACE = [("            qmodel.train(was_training)\n", "            qmodel.train()   # BUG: always training\n")]
FAILS = ["test_quantize_model"]
