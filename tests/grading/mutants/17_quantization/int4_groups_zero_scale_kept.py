"""quantize_groups keeps a 0 scale for an all-zero group (0 / 0 in the codes) instead of replacing it by 1.0."""
CELL = "quantize_groups"
REPLACE = [("scales[scales == 0] = 1.0", "scales = scales.copy()"),
           ("codes = groups / scales.astype(np.float32)[:, None, :]",
            "codes = np.nan_to_num(groups / np.where(scales == 0, np.inf, scales).astype(np.float32)[:, None, :])")]
FAILS = ["test_quantize_groups"]
