"""quantize turns the scale into a 0-d float64 array (np.asarray), so a float32 x is divided in float64: the spec
says float32 stays float32 (x / scale in float32); near .5 ties the float64 quotient rounds to the other code."""
CELL = "quantize"
REPLACE = [("codes = np.asarray(x / scale)", "codes = np.asarray(x / np.asarray(scale))   # BUG: float64 division")]
FAILS = ["test_quantize"]
