"""quantize_groups uses scale = max|w| / 8 (the int4 range is [-8, 7], so "divide by 8"): the largest weight of a
group then needs code 8 and is clipped to 7."""
CELL = "quantize_groups"
REPLACE = [("scales = (np.abs(groups).max(axis=1, initial=0.0) / qmax).astype(np.float16)",
            "scales = (np.abs(groups).max(axis=1, initial=0.0) / (qmax + 1)).astype(np.float16)")]
FAILS = ["test_quantize_groups", "test_Int4Linear", "test_quantize_model_int4", "test_fake_quantize"]
