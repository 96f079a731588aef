"""quantize multiplies by 1 / scale instead of dividing: the spec says "Divide (do not multiply by 1 / scale)";
the product differs from the quotient in the last bit and flips values that land on a .5 tie."""
CELL = "quantize"
REPLACE = [("codes = np.asarray(x / scale)", "codes = np.asarray(x * (1 / scale))   # BUG: reciprocal")]
FAILS = ["test_quantize"]
