"""quantize_model calibrates the caller's float model (and leaves its hooks there) instead of the copy."""
CELL = "quantize_model"
REPLACE = [("    qmodel = copy.deepcopy(model)\n    linears = [m for m in qmodel.modules() if isinstance(m, Linear)]\n",
            "    qmodel = model\n    linears = [m for m in qmodel.modules() if isinstance(m, Linear)]\n"),
           ("            for handle in handles:\n                handle.remove()\n", "            pass\n"),
           ("    replace_modules(qmodel, replacements)\n",
            "    qmodel = copy.deepcopy(model)\n"
            "    replace_modules(qmodel, {id(c): replacements[id(o)] for o, c in\n"
            "                             zip(linears, [m for m in qmodel.modules() if isinstance(m, Linear)])})\n")]
FAILS = ["test_quantize_model"]
