"""QuantizedLinear.accumulator (dynamic mode) computes s_x, z_x from [x.min(), x.max()] itself, without widening
the range to include 0: the spec says dynamic mode uses compute_qparams(x.min(), x.max()) (all-positive batches)."""
CELL = "QuantizedLinear"
REPLACE = [("            s_x, z_x = compute_qparams(x.min(), x.max())\n        else:\n            s_x, z_x = self.input_scale",
            "            lo, hi = float(x.min()), float(x.max())   # BUG: not widened to include 0\n"
            "            s_x = (hi - lo) / 255 or 1.0\n"
            "            z_x = int(np.clip(-128 - np.rint(lo / s_x), -128, 127))\n"
            "        else:\n            s_x, z_x = self.input_scale")]
FAILS = ["test_QuantizedLinear"]
