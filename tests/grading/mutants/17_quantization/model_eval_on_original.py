"""quantize_model calls model.eval() on the caller's model before copying it: the original's mode must not change."""
CELL = "quantize_model"
REPLACE = [("    qmodel = copy.deepcopy(model)\n", "    model.eval()   # BUG: the caller's model\n"
            "    qmodel = copy.deepcopy(model)\n")]
FAILS = ["test_quantize_model"]
