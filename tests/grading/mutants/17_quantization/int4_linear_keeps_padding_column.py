"""Int4Linear.weight_float32 keeps the padding nibble's column when out_features is odd (no [:, :out] slice)."""
CELL = "Int4Linear"
REPLACE = [("codes = pairs[:, :self.out_features]", "codes = pairs")]
FAILS = ["test_Int4Linear"]
