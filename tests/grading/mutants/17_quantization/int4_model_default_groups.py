"""quantize_model_int4 ignores its group_size / bits arguments for Linear layers (the defaults 32 / 4 always)."""
CELL = "quantize_model_int4"
REPLACE = [("replacements[id(module)] = Int4Linear.from_float(module, group_size, bits)",
            "replacements[id(module)] = Int4Linear.from_float(module)")]
FAILS = ["test_quantize_model_int4"]
