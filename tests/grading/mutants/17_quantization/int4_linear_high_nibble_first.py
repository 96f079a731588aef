"""Int4Linear.weight_float32 puts the high nibble in the even columns (nibble order swapped)."""
CELL = "Int4Linear"
REPLACE = [("codes[:, 1::2] = packed.view(np.int8) >> 4", "codes[:, 0::2] = packed.view(np.int8) >> 4"),
           ("codes[:, 0::2] = (packed << 4).view(np.int8) >> 4", "codes[:, 1::2] = (packed << 4).view(np.int8) >> 4")]
FAILS = ["test_Int4Linear"]
