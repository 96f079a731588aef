"""QuantizedLinear.input_codes subtracts the activation zero point instead of adding it."""
CELL = "QuantizedLinear"
REPLACE = [("        q += z_x\n", "        q -= z_x\n")]
FAILS = ["test_QuantizedLinear"]
