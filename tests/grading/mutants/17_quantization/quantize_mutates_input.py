"""quantize divides the caller's array in place (x /= scale): the input must not be modified."""
CELL = "quantize"
REPLACE = [("codes = np.asarray(x / scale)", "codes = x   # BUG: works in the caller's array\n"
            "    codes /= scale")]
FAILS = ["test_quantize"]
