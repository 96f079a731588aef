"""Int4Linear.weight_float32 shifts the uint8 bytes (a logical shift): high nibbles 8..15 are not sign-extended."""
CELL = "Int4Linear"
REPLACE = [("codes[:, 1::2] = packed.view(np.int8) >> 4", "codes[:, 1::2] = packed >> 4")]
FAILS = ["test_Int4Linear"]
