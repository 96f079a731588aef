"""quantize_model_int4 converts only nn.Linear: a layer with a to_linear() method is left as it is."""
CELL = "quantize_model_int4"
REPLACE = [("        elif callable(getattr(module, \"to_linear\", None)):\n"
            "            replacements[id(module)] = Int4Linear.from_float(module.to_linear(), group_size, bits)\n", "")]
FAILS = ["test_quantize_model_int4"]
