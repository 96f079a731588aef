"""quantize_model runs the calibration batches without no_grad(): the spec says calibration runs under no_grad()
(it records an autograd graph for every batch, for nothing)."""
CELL = "quantize_model"
REPLACE = [("            with no_grad():\n                for x in calibration_inputs(batches):\n                    qmodel(x)\n",
            "            for x in calibration_inputs(batches):   # BUG: no no_grad()\n                qmodel(x)\n")]
FAILS = ["test_quantize_model"]
