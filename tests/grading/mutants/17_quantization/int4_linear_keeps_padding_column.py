"""Int4Linear.weight_float32 keeps the padding nibble's column when out_features is odd (no [:, :out] slice)."""
CELL = "Int4Linear"
REPLACE = [("groups = codes[:, :self.out_features].reshape(", "groups = codes.reshape(")]
FAILS = ["test_Int4Linear"]
