"""quantize subtracts the zero point instead of adding it."""
CELL = "quantize"
REPLACE = [("codes += zero_point", "codes -= zero_point")]
FAILS = ["test_quantize", "test_quantize_per_channel", "test_QuantizedLinear"]
